using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Rnn;
using Rnn.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace ForecastSample
{
    /// <summary>The Forecast sample's pipeline: load, split in time, baselines, train, forecast, report.</summary>
    public static class ForecastRun
    {
        /// <summary>Runs the sample and writes its report to <paramref name="output"/>, ending with the three MAE lines.</summary>
        /// <exception cref="ArgumentException">An option does not fit the data or the compiled model.</exception>
        /// <exception cref="IOException">The CSV file cannot be read or is invalid.</exception>
        public static ForecastResult Run(ForecastOptions options, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            int modelWindow = SeriesGru.InputShape[1]!.Value;
            if (options.Window != modelWindow)
                throw new ArgumentException($"--window is {options.Window}, but the compiled model SeriesGru takes [Input({modelWindow}, 1)].");
            var column = CsvColumn.Load(options.Csv, options.Column, MissingValues.Interpolate);
            output.WriteLine(Invariant($"data: {column.Rows:N0} rows of '{column.Column}' in {options.Csv}; {column.Missing} missing: {column.Filled} interpolated, {column.Dropped} dropped at the ends"));
            var split = TimeSeries.ChronologicalSplit(column.Values, options.TestFraction);
            output.WriteLine(Invariant($"split: the first {split.TrainCount:N0} steps train, the last {split.TestCount:N0} ({options.TestFraction:P0}) test; never shuffled together"));

            var stopwatch = Stopwatch.StartNew();
            var (model, anchoring) = Train(split, options, output);
            stopwatch.Stop();
            using var _ = model;

            double testMae = TestMae(model, anchoring, split, options);
            int firstOrigin = split.TrainCount - 1;
            double persistence = Baselines.PersistenceMae(column.Values, firstOrigin, options.Horizon);
            double seasonal = Baselines.SeasonalNaiveMae(column.Values, firstOrigin, options.Horizon, options.Season);
            int origins = Baselines.OriginCount(column.Values.Count, firstOrigin, options.Horizon);
            output.WriteLine(Invariant($"test: {origins:N0} forecasts of the next {options.Horizon} steps, from every step of the test period; mean absolute error in the series' units"));
            output.WriteLine(Invariant($"training time: {stopwatch.Elapsed.TotalSeconds:F1} s"));
            output.WriteLine(Invariant($"persistence mae: {persistence:F4}"));
            output.WriteLine(Invariant($"seasonal naive mae: {seasonal:F4}"));
            output.WriteLine(Invariant($"test mae: {testMae:F4}"));
            return new ForecastResult(persistence, seasonal, testMae, stopwatch.Elapsed.TotalSeconds);
        }

        private static (SeriesGru Model, AnchoredWindows Anchoring) Train(SeriesSplit split, ForecastOptions options, TextWriter output)
        {
            var (x, y) = split.TrainWindows(options.Window, horizon: 1);
            using var windows = x;
            using var next = y;
            var anchoring = AnchoredWindows.Fit(windows, next);
            using var inputs = anchoring.Inputs(windows);
            using var targets = anchoring.Targets(windows, next);
            var model = new SeriesGru(options.Seed);
            output.WriteLine(model.Summary());
            output.WriteLine(Invariant($"training on {inputs.shape[0]:N0} windows of {options.Window} steps for {options.Epochs} epochs"));
            MinimalTraining.Fit(model, inputs, targets, options.Epochs, options.BatchSize, options.Seed, output);
            return (model, anchoring);
        }

        private static double TestMae(SeriesGru model, AnchoredWindows anchoring, SeriesSplit split, ForecastOptions options)
        {
            using var scope = NewDisposeScope();
            var (x, y) = split.TestWindows(options.Window, options.Horizon);
            var forecast = Forecast(model, anchoring, x, options.Horizon);
            return (forecast - y).abs().mean().item<float>() * split.Normalizer.Scale;
        }

        /// <summary>Forecasts <paramref name="horizon"/> steps after each window [n, window, 1], one step at a time: [n, horizon].</summary>
        public static Tensor Forecast(RnnModel model, AnchoredWindows anchoring, Tensor windows, int horizon)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(anchoring);
            using var scope = NewDisposeScope();
            using var noGrad = torch.no_grad();
            model.eval();
            var current = windows;
            var steps = new Tensor[horizon];
            for (int h = 0; h < horizon; h++)
            {
                using var inputs = anchoring.Inputs(current);
                steps[h] = anchoring.NextValues(current, model.Forward(inputs));
                current = torch.cat(new[] { current[.., 1.., ..], steps[h].unsqueeze(-1) }, dim: 1);
            }
            return torch.cat(steps, dim: 1).MoveToOuterDisposeScope();
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
