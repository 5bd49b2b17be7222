using System;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>Masking</c> for float sequences [batch, time, features]: a step whose features all equal
    /// <see cref="MaskValue"/> is padding. Output = input × mask (padded steps become zeros); mask = any(feature != maskValue).
    /// </summary>
    public sealed class Masking : Layer
    {
        private readonly string _kind;

        /// <summary>Creates the layer.</summary>
        /// <param name="name">The layer name, e.g. <c>masking</c>.</param>
        /// <param name="maskValue">The feature value that marks padding.</param>
        public Masking(string name, double maskValue) : base(name)
        {
            _kind = $"{name} (Masking)";
            MaskValue = maskValue;
        }

        /// <summary>The feature value that marks padding.</summary>
        public double MaskValue { get; }

        /// <summary>Computes the mask of <paramref name="input"/>; the incoming mask is replaced, as in Keras.</summary>
        /// <exception cref="ArgumentException">The input is not [batch, time, features].</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            LayerChecks.Rank(input, 3, _kind, "[batch, time, features]");
            using var scope = NewDisposeScope();
            using var maskValue = MaskValue.ToScalar();
            var outputMask = input.ne(maskValue).any(-1);
            var output = input * outputMask.unsqueeze(-1).to(input.dtype);
            return new LayerOutput(LayerChecks.Keep(scope, output), LayerChecks.Keep(scope, outputMask));
        }
    }
}
