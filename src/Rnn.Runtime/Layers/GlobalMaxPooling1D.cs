using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>GlobalMaxPooling1D</c>: [batch, time, features] → [batch, features], the maximum over the real steps
    /// only when masked (a sequence with no real step gives zeros). The output has no mask.
    /// </summary>
    public sealed class GlobalMaxPooling1D : Layer
    {
        private readonly string _kind;

        /// <summary>Creates the layer.</summary>
        /// <param name="name">The layer name, e.g. <c>global_max_pooling1d</c>.</param>
        public GlobalMaxPooling1D(string name) : base(name) => _kind = $"{name} (GlobalMaxPooling1D)";

        /// <summary>Takes the maximum over time, over real steps when <paramref name="mask"/> is given.</summary>
        /// <exception cref="ArgumentException">The input is not [batch, time, features].</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            LayerChecks.Rank(input, 3, _kind, "[batch, time, features]");
            using var scope = NewDisposeScope();
            Tensor output;
            if (mask is null) output = input.amax(new long[] { 1 });
            else
            {
                var padding = mask.logical_not().unsqueeze(-1);
                using var lowest = double.NegativeInfinity.ToScalar();
                using var zero = 0.ToScalar();
                var maximum = input.masked_fill(padding, lowest).amax(new long[] { 1 });
                output = maximum.masked_fill(mask.any(1).logical_not().unsqueeze(-1), zero);
            }
            return new LayerOutput(LayerChecks.Keep(scope, output), null);
        }
    }
}
