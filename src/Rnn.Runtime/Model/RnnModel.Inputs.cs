using System.Collections.Generic;
using static TorchSharp.torch;

namespace Rnn
{
    public abstract partial class RnnModel
    {
        private IReadOnlyList<(string Name, RnnModel Reader)>? _inputParts;

        /// <summary>
        /// The model's inputs, in order, each with the name it has inside Fit's <c>x</c> (empty for a model with one input,
        /// whose <c>x</c> is that input) and the model that reads it, whose input checks apply: this model alone by
        /// default; a Seq2Seq model's <c>Source</c> (its encoder) and <c>TargetInput</c> (its decoder).
        /// </summary>
        internal virtual IReadOnlyList<(string Name, RnnModel Reader)> InputParts => _inputParts ??= new[] { ("", this) };

        /// <summary>Runs the model on one batch of its inputs (one tensor per <see cref="InputParts"/>): the output and its mask, as training uses them.</summary>
        internal virtual (Tensor Output, Tensor? Mask) ForwardInputs(IReadOnlyList<Tensor> inputs) => ForwardWithMask(inputs[0]);

        /// <summary>
        /// Throws <see cref="System.NotSupportedException"/> when the model does not take one input tensor, as
        /// <paramref name="call"/> (e.g. <c>Predict</c>) needs: a Seq2Seq model takes two. Does nothing by default.
        /// </summary>
        internal virtual void RequireOneInput(string call) { }
    }
}
