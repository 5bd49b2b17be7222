using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Rnn.Data
{
    /// <summary>
    /// Standardises a series with the mean and standard deviation of the training part only:
    /// <c>z = (value - Mean) / Scale</c>. Only a <see cref="SeriesSplit"/> (from <c>TimeSeries.ChronologicalSplit</c>) creates one, so it can
    /// never be fitted on test data.
    /// </summary>
    public sealed class SeriesNormalizer
    {
        private SeriesNormalizer(double mean, double scale)
        {
            Mean = mean;
            Scale = scale;
        }

        /// <summary>The mean of the training values.</summary>
        public double Mean { get; }

        /// <summary>The population standard deviation of the training values, or 1 when they are all equal.</summary>
        public double Scale { get; }

        /// <summary>The standardised values <c>(value - Mean) / Scale</c>.</summary>
        public double[] Normalize(IReadOnlyList<double> values)
        {
            ArgumentNullException.ThrowIfNull(values);
            return values.Select(v => (v - Mean) / Scale).ToArray();
        }

        /// <summary>A standardised value back in the series' units: <c>z * Scale + Mean</c>.</summary>
        public double Denormalize(double normalized) => normalized * Scale + Mean;

        /// <summary>Standardised values (any shape) back in the series' units, as a new tensor.</summary>
        public Tensor Denormalize(Tensor normalized)
        {
            ArgumentNullException.ThrowIfNull(normalized);
            return normalized.mul(Scale).add_(Mean);
        }

        internal static SeriesNormalizer Fit(IReadOnlyList<double> train)
        {
            double mean = train.Average();
            double variance = train.Sum(v => (v - mean) * (v - mean)) / train.Count;
            double scale = Math.Sqrt(variance);
            return new SeriesNormalizer(mean, scale > 0 ? scale : 1);
        }
    }
}
