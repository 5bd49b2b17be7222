using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Rnn.Data
{
    /// <summary>
    /// A series split in time by <see cref="TimeSeries.ChronologicalSplit(IReadOnlyList{double}, double)"/> or
    /// <see cref="TimeSeries.ChronologicalSplit(CsvColumnData, double)"/>: the training part, the test part after
    /// it, and a <see cref="SeriesNormalizer"/> fitted on the training part only. There is no way to fit a normaliser
    /// on the test part: its constructor is not public.
    /// </summary>
    public sealed class SeriesSplit
    {
        private readonly double[] values;

        internal SeriesSplit(double[] values, int trainCount, int carriedForwardCount)
        {
            this.values = values;
            TrainCount = trainCount;
            CarriedForwardCount = carriedForwardCount;
            Normalizer = SeriesNormalizer.Fit(new ArraySegment<double>(values, 0, trainCount));
        }

        /// <summary>The number of training values; the test part starts at this index of the series.</summary>
        public int TrainCount { get; }

        /// <summary>The number of test values.</summary>
        public int TestCount => values.Length - TrainCount;

        /// <summary>
        /// How many values at the end of the training part were interpolated across the split and refilled with the last
        /// real training value (see <see cref="TimeSeries.ChronologicalSplit(CsvColumnData, double)"/>); 0 when the
        /// training part ends with a real value, and always 0 for a split of plain values.
        /// </summary>
        public int CarriedForwardCount { get; }

        /// <summary>The whole series as split, oldest first, in the series' units: <see cref="Train"/> then <see cref="Test"/>.</summary>
        public IReadOnlyList<double> Values => Array.AsReadOnly(values);

        /// <summary>The training values, oldest first, in the series' units.</summary>
        public IReadOnlyList<double> Train => new ArraySegment<double>(values, 0, TrainCount);

        /// <summary>The test values, oldest first, in the series' units.</summary>
        public IReadOnlyList<double> Test => new ArraySegment<double>(values, TrainCount, TestCount);

        /// <summary>The normaliser fitted on <see cref="Train"/>; use it for every input and target, test included.</summary>
        public SeriesNormalizer Normalizer { get; }

        /// <summary>
        /// Normalised windows whose inputs and targets all lie in the training part (see
        /// <see cref="TimeSeries.Windows(IReadOnlyList{double}, int, int, int)"/>).
        /// </summary>
        public (Tensor X, Tensor Y) TrainWindows(int window, int horizon, int stride = 1) =>
            TimeSeries.Windows(Normalizer.Normalize(Train), window, horizon, stride);

        /// <summary>
        /// Normalised windows whose targets all lie in the test part. Their inputs may reach back into the last
        /// <paramref name="window"/> training values, as a forecast made at the start of the test period would;
        /// no test value is ever a target in <see cref="TrainWindows"/>.
        /// </summary>
        /// <exception cref="ArgumentException">The training part is shorter than <paramref name="window"/> or the
        /// test part shorter than <paramref name="horizon"/>.</exception>
        public (Tensor X, Tensor Y) TestWindows(int window, int horizon, int stride = 1) =>
            TimeSeries.Windows(Normalizer.Normalize(TestContext(window, horizon)), window, horizon, stride);

        /// <summary>
        /// The raw values behind <see cref="TestWindows"/>: the last <paramref name="window"/> training values then the
        /// test values, in the series' units (for baselines such as persistence).
        /// </summary>
        public IReadOnlyList<double> TestContext(int window, int horizon)
        {
            if (window < 1 || window > TrainCount)
                throw new ArgumentException(
                    $"SeriesSplit: a window of {window} needs between 1 and {TrainCount} training values (the training part has {TrainCount}).", nameof(window));
            if (horizon < 1 || horizon > TestCount)
                throw new ArgumentException(
                    $"SeriesSplit: a horizon of {horizon} needs between 1 and {TestCount} test values (the test part has {TestCount}).", nameof(horizon));
            return values.Skip(TrainCount - window).ToArray();
        }
    }
}
