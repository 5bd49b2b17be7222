using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>GlobalAveragePooling1D</c>: [batch, time, features] → [batch, features], the mean over the real
    /// steps only when masked (a sequence with no real step gives zeros). The output has no mask.
    /// </summary>
    public sealed class GlobalAveragePooling1D : Layer
    {
        private readonly string _kind;

        /// <summary>Creates the layer.</summary>
        /// <param name="name">The layer name, e.g. <c>global_average_pooling1d</c>.</param>
        public GlobalAveragePooling1D(string name) : base(name) => _kind = $"{name} (GlobalAveragePooling1D)";

        /// <summary>Averages over time, over real steps when <paramref name="mask"/> is given.</summary>
        /// <exception cref="ArgumentException">The input is not [batch, time, features].</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            LayerChecks.Rank(input, 3, _kind, "[batch, time, features]");
            using var scope = NewDisposeScope();
            Tensor output;
            if (mask is null) output = input.mean(new long[] { 1 });
            else
            {
                var weights = mask.unsqueeze(-1).to(input.dtype);
                using var one = 1.ToScalar();
                output = (input * weights).sum(1) / weights.sum(1).clamp_min(one);
            }
            return new LayerOutput(LayerChecks.Keep(scope, output), null);
        }
    }
}
