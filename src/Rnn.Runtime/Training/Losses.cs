using System;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>A loss function for <see cref="RnnModel.Compile"/>, created by <see cref="Losses"/>.</summary>
    public sealed class LossFunction
    {
        private readonly Func<Tensor, Tensor, Tensor> _compute;

        internal LossFunction(string name, Func<Tensor, Tensor, Tensor> compute)
        {
            Name = name;
            _compute = compute;
        }

        /// <summary>The Keras name, e.g. <c>sparse_categorical_crossentropy</c>.</summary>
        public string Name { get; }

        /// <summary>The mean loss over the batch: <paramref name="outputs"/> [batch, classes], <paramref name="labels"/> int64 [batch].</summary>
        public Tensor Compute(Tensor outputs, Tensor labels) => _compute(outputs, labels);

        /// <inheritdoc/>
        public override string ToString() => Name;
    }

    /// <summary>Keras-style loss factories.</summary>
    public static class Losses
    {
        /// <summary>
        /// Cross-entropy between integer labels [batch] and the model's outputs [batch, classes], as
        /// <c>keras.losses.SparseCategoricalCrossentropy</c>. With <paramref name="fromLogits"/> true (the default here,
        /// and what models ending in a Dense layer without activation need) the outputs are logits; with false they
        /// are probabilities, e.g. from a softmax layer.
        /// </summary>
        public static LossFunction SparseCategoricalCrossentropy(bool fromLogits = true) =>
            new("sparse_categorical_crossentropy", fromLogits
                ? (outputs, labels) => nn.functional.cross_entropy(outputs, labels)
                : (outputs, labels) => nn.functional.nll_loss(outputs.clamp(1e-7, 1 - 1e-7).log(), labels));
    }
}
