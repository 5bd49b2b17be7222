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
        /// <exception cref="ArgumentException">An option does not fit the data (e.g. a window longer than the training part).</exception>
        /// <exception cref="IOException">The CSV file cannot be read or is invalid.</exception>
        public static ForecastResult Run(ForecastOptions options, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            var column = CsvColumn.Load(options.Csv, options.Column, MissingValues.Interpolate);
            output.WriteLine(Invariant($"data: {column.Rows:N0} rows of '{column.Column}' in {options.Csv}; {column.Missing} missing: {column.Filled} interpolated, {column.Dropped} dropped at the ends"));
            // A gap across the split would fill the training part's last values from a test value: the split refills
            // them with the last real training value, for the model and the baselines alike.
            var split = TimeSeries.ChronologicalSplit(column, options.TestFraction);
            if (split.CarriedForwardCount > 0)
                output.WriteLine(Invariant($"gap at the split: the last {split.CarriedForwardCount} training value(s) were interpolated from a test value; refilled with the last real training value"));
            output.WriteLine(Invariant($"split: the first {split.TrainCount:N0} steps train, the last {split.TestCount:N0} ({options.TestFraction:P0}) test; never shuffled together"));

            var stopwatch = Stopwatch.StartNew();
            var (model, anchoring) = Train(split, options, output);
            stopwatch.Stop();
            using var _ = model;

            double testMae = TestMae(model, anchoring, split, options);
            int firstOrigin = split.TrainCount - 1;
            var values = split.Values;
            double persistence = Baselines.PersistenceMae(values, firstOrigin, options.Horizon);
            double seasonal = Baselines.SeasonalNaiveMae(values, firstOrigin, options.Horizon, options.Season);
            int origins = Baselines.OriginCount(values.Count, firstOrigin, options.Horizon);
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
            try
            {
                output.WriteLine(model.Summary());
                long validation = inputs.shape[0] - (long)Math.Floor(inputs.shape[0] * (1 - options.ValidationFraction));
                output.WriteLine(Invariant($"training on {inputs.shape[0] - validation:N0} windows of {options.Window} steps for {options.Epochs} epochs; the last {validation:N0} windows of the training period validate (never the test period)"));
                model.Compile(optimizer: Optimizers.Adam(options.LearningRate), loss: Losses.MeanSquaredError(),
                    metrics: new[] { Metrics.MeanAbsoluteError });
                // Windows are in time order and Fit takes the validation samples from the end before shuffling, so
                // validation is the chronologically last part of the training series.
                // Training stops after 5 epochs without a better validation loss, and the best epoch's weights are kept.
                using var best = new EarlyStopping(monitor: "val_loss", patience: 5, restoreBestWeights: true);
                var history = model.Fit(inputs, targets, epochs: options.Epochs, batchSize: options.BatchSize,
                    validationSplit: options.ValidationFraction, seed: options.Seed, verbose: 2, output: output, callbacks: new Callback[] { best });
                double unit = anchoring.TargetScale * split.Normalizer.Scale;
                int epoch = best.BestEpoch ?? history["val_loss"].Count - 1;
                output.WriteLine(Invariant($"kept the weights of epoch {epoch + 1} (best val_loss); its one-step validation mae: {history["val_mean_absolute_error"][epoch] * unit:F4} in the series' units"));
                return (model, anchoring);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        private static double TestMae(SeriesGru model, AnchoredWindows anchoring, SeriesSplit split, ForecastOptions options)
        {
            using var scope = NewDisposeScope();
            var (x, y) = split.TestWindows(options.Window, options.Horizon);
            var forecast = Forecast(model, anchoring, x, options.Horizon);
            return (forecast - y).abs().mean().item<float>() * split.Normalizer.Scale;
        }

        /// <summary>Forecasts <paramref name="horizon"/> steps after each window [n, window, 1], one step at a time: [n, horizon].</summary>
        public static Tensor Forecast(RnnModel model, AnchoredWindows anchoring, Tensor windows, int horizon, int batchSize = 256)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(anchoring);
            using var scope = NewDisposeScope();
            var current = windows;
            var steps = new Tensor[horizon];
            for (int h = 0; h < horizon; h++)
            {
                var inputs = anchoring.Inputs(current);
                steps[h] = anchoring.NextValues(current, model.Predict(inputs, batchSize));
                current = torch.cat(new[] { current[.., 1.., ..], steps[h].unsqueeze(-1) }, dim: 1);
            }
            return torch.cat(steps, dim: 1).MoveToOuterDisposeScope();
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
