using System;
using System.Linq;
using Rnn;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>A small regression check: a float32 series → Lstm → Dense(1) learns one-step-ahead forecasting with MSE.</summary>
    public sealed class RegressionTrainingTests
    {
        /// <summary>Windows of a noisy sine: x [n, window, 1], y [n] the next value.</summary>
        private static (Tensor X, Tensor Y) SineWindows(int samples, int window, ulong seed)
        {
            using var generator = new TorchSharp.torch.Generator(seed);
            var t = arange(samples + window, dtype: ScalarType.Float32) * 0.3;
            var series = t.sin() + 0.05 * randn(new long[] { samples + window }, generator: generator);
            var x = stack(Enumerable.Range(0, samples).Select(i => series.narrow(0, i, window)).ToArray()).unsqueeze(-1);
            var y = series.narrow(0, window, samples).clone();
            return (x, y);
        }

        [Fact]
        public void LstmOnASeries_WithMeanSquaredError_LowersItsValidationLoss()
        {
            var (x, y) = SineWindows(240, window: 12, seed: 3);
            using var model = new SeriesLstm(features: 1, units: 32, outputs: 1, seed: 7);
            model.Compile(optimizer: Optimizers.Adam(2e-2), loss: Losses.MeanSquaredError(),
                metrics: new[] { Metrics.MeanAbsoluteError, Metrics.RootMeanSquaredError });

            var history = model.Fit(x, y, epochs: 4, batchSize: 16, validationSplit: 0.25, seed: 1, verbose: 0);

            var valLoss = history["val_loss"];
            Assert.True(valLoss[^1] < valLoss[0] / 2, $"val_loss went from {valLoss[0]} to {valLoss[^1]}");
            // Better than always predicting the mean: the variance of the validation targets (about 0.5 for a sine).
            var validationY = y.narrow(0, 180, 60);
            double variance = validationY.var(unbiased: false).item<float>();
            Assert.True(valLoss[^1] < variance / 4, $"val_loss {valLoss[^1]} against a variance of {variance}");
            // The loss is the mean squared error over all validation samples, so its root is the RMSE metric.
            Assert.Equal(Math.Sqrt(valLoss[^1]), history["val_root_mean_squared_error"][^1], 4);
            Assert.True(history["val_mean_absolute_error"][^1] < history["val_mean_absolute_error"][0]);
        }
    }
}
