using System;
using System.Collections.Generic;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Data
{
    /// <summary>
    /// Sliding windows over a time series for forecasting, as Keras <c>timeseries_dataset_from_array</c> (with
    /// <c>sampling_rate = 1</c>, no shuffling), and the chronological train/test split whose normaliser sees only the
    /// training part.
    /// </summary>
    public static class TimeSeries
    {
        /// <summary>
        /// Cuts a univariate series into windows: window <c>i</c> has the inputs <c>series[i*stride ..
        /// i*stride+window-1]</c> and the targets, the <paramref name="horizon"/> values that follow it. Windows
        /// start at 0, <paramref name="stride"/>, 2·stride, … for as long as inputs and targets fit in the series.
        /// </summary>
        /// <returns><c>X</c>: float32 <c>[n, window, 1]</c>; <c>Y</c>: float32 <c>[n, horizon]</c>.</returns>
        /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
        /// <exception cref="ArgumentException">The series is shorter than <c>window + horizon</c>.</exception>
        public static (Tensor X, Tensor Y) Windows(IReadOnlyList<double> series, int window, int horizon, int stride = 1)
        {
            ArgumentNullException.ThrowIfNull(series);
            int n = WindowCount(series.Count, window, horizon, stride);
            var x = new float[n * window];
            var y = new float[n * horizon];
            for (int i = 0; i < n; i++)
            {
                int start = i * stride;
                for (int t = 0; t < window; t++) x[i * window + t] = (float)series[start + t];
                for (int h = 0; h < horizon; h++) y[i * horizon + h] = (float)series[start + window + h];
            }
            NativeSetup.EnsureLoaded();
            return (torch.tensor(x, new long[] { n, window, 1 }), torch.tensor(y, new long[] { n, horizon }));
        }

        /// <summary>
        /// Cuts a multivariate series <c>[time, features]</c> into windows, as the univariate
        /// <see cref="Windows(IReadOnlyList{double}, int, int, int)"/>, keeping every feature in inputs and targets.
        /// </summary>
        /// <returns><c>X</c>: float32 <c>[n, window, features]</c>; <c>Y</c>: float32 <c>[n, horizon, features]</c>.</returns>
        /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
        /// <exception cref="ArgumentException">The series has no features or is shorter than <c>window + horizon</c>.</exception>
        public static (Tensor X, Tensor Y) Windows(double[,] series, int window, int horizon, int stride = 1)
        {
            ArgumentNullException.ThrowIfNull(series);
            int length = series.GetLength(0), features = series.GetLength(1);
            if (features == 0)
                throw new ArgumentException("TimeSeries.Windows: the series [time, features] has no features.", nameof(series));
            int n = WindowCount(length, window, horizon, stride);
            var x = new float[n * window * features];
            var y = new float[n * horizon * features];
            for (int i = 0; i < n; i++)
            {
                int start = i * stride;
                for (int t = 0; t < window; t++)
                    for (int f = 0; f < features; f++) x[(i * window + t) * features + f] = (float)series[start + t, f];
                for (int h = 0; h < horizon; h++)
                    for (int f = 0; f < features; f++) y[(i * horizon + h) * features + f] = (float)series[start + window + h, f];
            }
            NativeSetup.EnsureLoaded();
            return (torch.tensor(x, new long[] { n, window, features }), torch.tensor(y, new long[] { n, horizon, features }));
        }

        /// <summary>
        /// Splits a series in time: the last <paramref name="testFraction"/> of the values is the test part, the rest
        /// the training part, and the split's <see cref="SeriesSplit.Normalizer"/> is fitted on the training part
        /// only. Nothing is shuffled; windows come from <see cref="SeriesSplit.TrainWindows"/> and
        /// <see cref="SeriesSplit.TestWindows"/>.
        /// </summary>
        /// <param name="series">The whole series, oldest first, without gaps.</param>
        /// <param name="testFraction">The share of the values held out for testing, in (0, 1).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
        /// <exception cref="ArgumentException">A part would be empty, or a value is not finite.</exception>
        public static SeriesSplit ChronologicalSplit(IReadOnlyList<double> series, double testFraction)
        {
            ArgumentNullException.ThrowIfNull(series);
            CheckTestFraction(testFraction);
            for (int i = 0; i < series.Count; i++)
                if (!double.IsFinite(series[i]))
                    throw new ArgumentException(
                        $"TimeSeries.ChronologicalSplit: value {i} is {series[i].ToString(CultureInfo.InvariantCulture)}; fill or drop gaps first (CsvColumn.Load).",
                        nameof(series));
            int trainCount = TrainCount(series.Count, testFraction, nameof(series));
            var values = new double[series.Count];
            for (int i = 0; i < values.Length; i++) values[i] = series[i];
            return new SeriesSplit(values, trainCount, carriedForwardCount: 0);
        }

        /// <summary>
        /// Splits a loaded CSV column in time, as <see cref="ChronologicalSplit(IReadOnlyList{double}, double)"/>, and
        /// keeps the training part causal across a gap that straddles the split. An interpolated value
        /// (<see cref="CsvColumnData.IsFilled"/>) is computed from the real values on both sides of its gap; when the
        /// gap ends the training part, its right-hand value is a test value, so those training values would carry test
        /// information. They are refilled with the last real training value instead (last observation carried
        /// forward: the only value known at that time), and <see cref="SeriesSplit.CarriedForwardCount"/> says how many.
        /// Interpolated values elsewhere, test part included, are kept. Example: values 1, 2, [3], [4], 5, 6 with the
        /// bracketed ones interpolated and a test part of 2 give the training part 1, 2, 2, 2 and the test part 5, 6.
        /// </summary>
        /// <param name="column">The column, from <see cref="CsvColumn.Load"/>, oldest first.</param>
        /// <param name="testFraction">The share of the values held out for testing, in (0, 1).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
        /// <exception cref="ArgumentException">A part would be empty.</exception>
        public static SeriesSplit ChronologicalSplit(CsvColumnData column, double testFraction)
        {
            ArgumentNullException.ThrowIfNull(column);
            CheckTestFraction(testFraction);
            int trainCount = TrainCount(column.Values.Count, testFraction, nameof(column));
            var values = new double[column.Values.Count];
            for (int i = 0; i < values.Length; i++) values[i] = column.Values[i];
            int carried = CarryForwardTrainingTail(values, column.IsFilled, trainCount);
            return new SeriesSplit(values, trainCount, carried);
        }

        private static void CheckTestFraction(double testFraction)
        {
            if (!(testFraction > 0 && testFraction < 1))
                throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction,
                    $"TimeSeries.ChronologicalSplit needs testFraction in (0, 1), got {testFraction.ToString(CultureInfo.InvariantCulture)}.");
        }

        private static int TrainCount(int count, double testFraction, string argument)
        {
            int testCount = (int)Math.Round(count * testFraction, MidpointRounding.AwayFromZero);
            int trainCount = count - testCount;
            if (testCount < 1 || trainCount < 1)
                throw new ArgumentException(
                    $"TimeSeries.ChronologicalSplit: {count} values with testFraction {testFraction.ToString(CultureInfo.InvariantCulture)} " +
                    $"give {trainCount} training and {testCount} test values; each part needs at least 1.", argument);
            return trainCount;
        }

        // Refills the interpolated values that end the training part with the last real value before them; returns how
        // many. The first real value after them lies in the test part.
        private static int CarryForwardTrainingTail(double[] values, IReadOnlyList<bool> isFilled, int trainCount)
        {
            int lastReal = trainCount - 1;
            while (lastReal >= 0 && isFilled[lastReal]) lastReal--;
            if (lastReal < 0) return 0; // no real training value to carry (CsvColumn.Load never starts with a filled one)
            for (int i = lastReal + 1; i < trainCount; i++) values[i] = values[lastReal];
            return trainCount - 1 - lastReal;
        }

        internal static int WindowCount(int length, int window, int horizon, int stride)
        {
            Positive(window, nameof(window));
            Positive(horizon, nameof(horizon));
            Positive(stride, nameof(stride));
            if (length < window + horizon)
                throw new ArgumentException(
                    $"TimeSeries.Windows: a window of {window} and a horizon of {horizon} need at least {window + horizon} time steps, but the series has {length}.",
                    "series");
            return (length - window - horizon) / stride + 1;
        }

        private static void Positive(int value, string name)
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(name, value, $"TimeSeries.Windows needs {name} of at least 1, got {value}.");
        }
    }
}
