using System;
using System.Globalization;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>Rejects inputs holding NaN or ±Infinity before training starts: they would silently turn every weight into NaN.</summary>
    internal static class FiniteInputs
    {
        /// <summary>Samples checked at a time, which bounds the temporary memory of the check.</summary>
        private const long Chunk = 4096;

        /// <summary>
        /// Throws if <paramref name="x"/> holds a value that is not finite, naming <paramref name="xName"/> and the first
        /// sample that holds one. One pass over the data, in chunks.
        /// </summary>
        /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
        public static void Require(string name, Tensor x, string xName)
        {
            long n = x.size(0);
            for (long start = 0; start < n; start += Chunk)
            {
                using var scope = NewDisposeScope();
                var chunk = x.narrow(0, start, Math.Min(Chunk, n - start));
                var finite = isfinite(chunk);
                if (finite.all().BoolValue()) continue;
                long sample = start + finite.logical_not().flatten(1).any(1).nonzero()[0, 0].LongValue();
                float value = (float)chunk[sample - start].flatten()[finite[sample - start].flatten().logical_not().nonzero()[0, 0]].Value();
                throw new ArgumentException(
                    $"{name}: {xName} must hold finite numbers, but sample {sample.ToString(CultureInfo.InvariantCulture)} holds " +
                    $"{value.ToString(CultureInfo.InvariantCulture)}; training on it would turn every weight into NaN. " +
                    "Replace or drop the samples with missing or infinite values first.", xName);
            }
        }
    }
}
