using System;
using System.Linq;
using Rnn.Data;
using TorchSharp;
using Xunit;

namespace Rnn.Runtime.Tests.Data
{
    public sealed class TimeSeriesTests
    {
        private static float[] Values(torch.Tensor t) => t.data<float>().ToArray();

        private static double[] Range(int n, double scale = 1) => Enumerable.Range(0, n).Select(i => i * scale).ToArray();

        [Fact]
        public void Windows_KerasExample2_PastTenStepsPredictTheNext()
        {
            // Keras docstring, example 2: inputs[0] == data[:10] (steps 0-9), targets[0] == data[10].
            double[] data = Range(100).Select(i => Math.Sin(i)).ToArray();
            var (x, y) = TimeSeries.Windows(data, window: 10, horizon: 1);
            using var _ = x; using var __ = y;

            Assert.Equal(new long[] { 90, 10, 1 }, x.shape);
            Assert.Equal(new long[] { 90, 1 }, y.shape);
            Assert.Equal(data[..10].Select(v => (float)v), Values(x[0]));
            Assert.Equal((float)data[10], Values(y[0]).Single());
            Assert.Equal(data[80..90].Select(v => (float)v), Values(x[80]));
            Assert.Equal((float)data[99], Values(y[89]).Single());
        }

        [Fact]
        public void Windows_KerasExample3_StrideEqualToWindow_GivesNonOverlappingSamples()
        {
            // Keras docstring, example 3: X = arange(100), sequence_length = sequence_stride = 20: inputs[0] == X[:20],
            // and the second sample is steps 20-40.
            double[] data = Range(100);
            var (x, y) = TimeSeries.Windows(data, window: 20, horizon: 1, stride: 20);
            using var _ = x; using var __ = y;

            Assert.Equal(Range(20).Select(v => (float)v), Values(x[0]));
            Assert.Equal(Range(20).Select(v => (float)(v + 20)), Values(x[1]));
            Assert.Equal(4, x.shape[0]); // a fifth window (80-99) leaves no step for its target
            Assert.Equal(new float[] { 20, 40, 60, 80 }, Values(y));
        }

        [Fact]
        public void Windows_HorizonAndStride_CountAndTargets()
        {
            // 0..11, window 3, horizon 2, stride 4: starts 0, 4 (8 + 5 > 12 does not fit).
            var (x, y) = TimeSeries.Windows(Range(12), window: 3, horizon: 2, stride: 4);
            using var _ = x; using var __ = y;

            Assert.Equal(new float[] { 0, 1, 2, 4, 5, 6 }, Values(x));
            Assert.Equal(new float[] { 3, 4, 7, 8 }, Values(y));
        }

        [Fact]
        public void Windows_Multivariate_KeepsFeatures()
        {
            var series = new double[6, 2];
            for (int t = 0; t < 6; t++) { series[t, 0] = t; series[t, 1] = 10 * t; }
            var (x, y) = TimeSeries.Windows(series, window: 2, horizon: 2, stride: 2);
            using var _ = x; using var __ = y;

            Assert.Equal(new long[] { 2, 2, 2 }, x.shape);
            Assert.Equal(new long[] { 2, 2, 2 }, y.shape);
            Assert.Equal(new float[] { 0, 0, 1, 10, 2, 20, 3, 30 }, Values(x));
            Assert.Equal(new float[] { 2, 20, 3, 30, 4, 40, 5, 50 }, Values(y));
        }

        [Fact]
        public void Windows_TooShortOrBadSizes_Throw()
        {
            var e = Assert.Throws<ArgumentException>(() => TimeSeries.Windows(Range(5), window: 4, horizon: 2));
            Assert.Contains("need at least 6 time steps, but the series has 5", e.Message);
            Assert.Equal("stride", Assert.Throws<ArgumentOutOfRangeException>(() => TimeSeries.Windows(Range(5), 2, 1, stride: 0)).ParamName);
            Assert.Equal("horizon", Assert.Throws<ArgumentOutOfRangeException>(() => TimeSeries.Windows(Range(5), 2, 0)).ParamName);
        }

        [Fact]
        public void ChronologicalSplit_LastPartIsTest_NormalizerSeesOnlyTraining()
        {
            // 0..9: test is the last 20% = 8, 9; the training part 0..7 has mean 3.5 and variance 5.25.
            var split = TimeSeries.ChronologicalSplit(Range(10), testFraction: 0.2);

            Assert.Equal(Range(8), split.Train);
            Assert.Equal(new double[] { 8, 9 }, split.Test);
            Assert.Equal(Range(10), split.Values);
            Assert.Equal(0, split.CarriedForwardCount);
            Assert.Equal(3.5, split.Normalizer.Mean, 12);
            Assert.Equal(Math.Sqrt(5.25), split.Normalizer.Scale, 12);
            Assert.Equal(9.0, split.Normalizer.Denormalize(split.Normalizer.Normalize(new[] { 9.0 })[0]), 12);
        }

        [Fact]
        public void ChronologicalSplit_TestWindowsTargetOnlyTestValues_TrainWindowsNeverDo()
        {
            var split = TimeSeries.ChronologicalSplit(Range(20), testFraction: 0.25); // train 0..14, test 15..19
            var (trainX, trainY) = split.TrainWindows(window: 4, horizon: 2);
            var (testX, testY) = split.TestWindows(window: 4, horizon: 2);
            using var a = trainX; using var b = trainY; using var c = testX; using var d = testY;
            using var trainTargets = split.Normalizer.Denormalize(trainY);
            using var testTargets = split.Normalizer.Denormalize(testY);
            using var firstTestInput = split.Normalizer.Denormalize(testX[0]);

            Assert.Equal(14f, trainTargets.max().item<float>(), 4);
            Assert.Equal(new float[] { 15, 16, 16, 17, 17, 18, 18, 19 }, testTargets.data<float>().ToArray().Select(v => MathF.Round(v, 3)));
            Assert.Equal(new float[] { 11, 12, 13, 14 }, firstTestInput.data<float>().ToArray().Select(v => MathF.Round(v, 3)));
        }

        [Fact]
        public void ChronologicalSplit_BadInput_Throws()
        {
            Assert.Equal("testFraction", Assert.Throws<ArgumentOutOfRangeException>(() => TimeSeries.ChronologicalSplit(Range(10), 1.0)).ParamName);
            Assert.Contains("value 2 is NaN", Assert.Throws<ArgumentException>(() => TimeSeries.ChronologicalSplit(new[] { 1, 2, double.NaN, 4 }, 0.5)).Message);
            Assert.Contains("each part needs at least 1", Assert.Throws<ArgumentException>(() => TimeSeries.ChronologicalSplit(Range(3), 0.1)).Message);
            var split = TimeSeries.ChronologicalSplit(Range(10), 0.2);
            Assert.Contains("a horizon of 3 needs between 1 and 2 test values", Assert.Throws<ArgumentException>(() => split.TestWindows(4, 3)).Message);
        }
    }
}
