using System;
using Rnn;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>Every loss against values computed by hand (with System.Math) in the test.</summary>
    public sealed class LossTests
    {
        private static double Value(LossFunction loss, Tensor outputs, Tensor targets)
        {
            using var scope = NewDisposeScope();
            return loss.Compute(outputs, targets).item<float>();
        }

        private static Tensor Floats(float[,] values) => tensor(values);

        [Fact]
        public void SparseCategoricalCrossentropy_FromLogits_IsTheMeanNegativeLogSoftmaxOfTheLabel()
        {
            var outputs = Floats(new float[,] { { 1, 2, 3 }, { 1, 1, 1 } });
            var labels = tensor(new long[] { 2, 0 });
            double first = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)) - 3;
            double second = Math.Log(3);
            Assert.Equal((first + second) / 2, Value(Losses.SparseCategoricalCrossentropy(fromLogits: true), outputs, labels), 5);
        }

        [Fact]
        public void SparseCategoricalCrossentropy_FromProbabilities_IsTheMeanNegativeLogProbabilityOfTheLabel()
        {
            var outputs = Floats(new float[,] { { 0.2f, 0.7f, 0.1f }, { 0.5f, 0.25f, 0.25f } });
            var labels = tensor(new long[] { 1, 2 });
            Assert.Equal((-Math.Log(0.7) - Math.Log(0.25)) / 2, Value(Losses.SparseCategoricalCrossentropy(fromLogits: false), outputs, labels), 5);
        }

        [Fact]
        public void SparseCategoricalCrossentropy_OnSequences_AveragesOverEveryStep()
        {
            // [1 sample, 2 steps, 2 classes]; step 0 label 0, step 1 label 1.
            var outputs = tensor(new float[] { 0, 1, 2, 0 }).reshape(1, 2, 2);
            var labels = tensor(new long[] { 0, 1 }).reshape(1, 2);
            double step0 = Math.Log(1 + Math.E) - 0;
            double step1 = Math.Log(Math.Exp(2) + 1) - 0;
            Assert.Equal((step0 + step1) / 2, Value(Losses.SparseCategoricalCrossentropy(), outputs, labels), 5);
        }

        [Fact]
        public void BinaryCrossentropy_FromLogits()
        {
            var outputs = Floats(new float[,] { { 0.5f }, { -1f } });
            var labels = Floats(new float[,] { { 1 }, { 0 } });
            double sigmoid(double z) => 1 / (1 + Math.Exp(-z));
            double expected = (-Math.Log(sigmoid(0.5)) - Math.Log(1 - sigmoid(-1))) / 2;
            Assert.Equal(expected, Value(Losses.BinaryCrossentropy(fromLogits: true), outputs, labels), 5);
        }

        [Fact]
        public void BinaryCrossentropy_FromProbabilities_AveragesOverTheLabelsOfASample()
        {
            var outputs = Floats(new float[,] { { 0.9f, 0.2f }, { 0.6f, 0.6f } });
            var labels = Floats(new float[,] { { 1, 0 }, { 0, 1 } });
            double first = (-Math.Log(0.9) - Math.Log(0.8)) / 2;
            double second = (-Math.Log(0.4) - Math.Log(0.6)) / 2;
            Assert.Equal((first + second) / 2, Value(Losses.BinaryCrossentropy(), outputs, labels), 5);
        }

        [Fact]
        public void BinaryCrossentropy_FromProbabilities_GivesNaN_ForANaNOutput_SoTerminateOnNaNCanStop()
        {
            // A diverged model outputs NaN: the loss must be NaN, not an exception from libtorch's input check.
            var outputs = Floats(new float[,] { { 0.5f, float.NaN } });
            var labels = Floats(new float[,] { { 1, 0 } });
            Assert.True(double.IsNaN(Value(Losses.BinaryCrossentropy(), outputs, labels)));
        }

        [Fact]
        public void BinaryCrossentropy_FromProbabilities_ClipsZeroAndOne_AsKeras()
        {
            var outputs = Floats(new float[,] { { 0f }, { 1f } });
            var labels = Floats(new float[,] { { 1 }, { 1 } });
            // -log(1e-7) for the first sample; float32 1 - 1e-7 rounds to 0.99999988, whose log is about -1.2e-7.
            double expected = (-Math.Log(1e-7) + 1.2e-7) / 2;
            Assert.Equal(expected, Value(Losses.BinaryCrossentropy(), outputs, labels), 3);
        }

        [Fact]
        public void MeanSquaredError_AveragesTheSquaresOverFeaturesThenSamples()
        {
            var outputs = Floats(new float[,] { { 1, 2 }, { 3, 4 } });
            var targets = Floats(new float[,] { { 1, 0 }, { 0, 4 } });
            // Sample 0: (0 + 4) / 2 = 2; sample 1: (9 + 0) / 2 = 4.5.
            Assert.Equal(3.25, Value(Losses.MeanSquaredError(), outputs, targets), 6);
        }

        [Fact]
        public void MeanAbsoluteError_AveragesTheAbsoluteDifferences()
        {
            var outputs = Floats(new float[,] { { 1, 2 }, { 3, 4 } });
            var targets = Floats(new float[,] { { 1, 0 }, { 0, 4 } });
            // Sample 0: (0 + 2) / 2 = 1; sample 1: (3 + 0) / 2 = 1.5.
            Assert.Equal(1.25, Value(Losses.MeanAbsoluteError(), outputs, targets), 6);
        }

        [Theory]
        [InlineData(1.0, (0.125 + 1.5) / 2)]    // |0.5| ≤ 1: ½·0.25; |2| > 1: 1·(2 − ½)
        [InlineData(2.0, (0.125 + 2.0) / 2)]    // |2| ≤ 2: ½·4
        [InlineData(0.25, (0.25 * (0.5 - 0.125) + 0.25 * (2 - 0.125)) / 2)]
        public void Huber_IsQuadraticWithinDeltaAndLinearBeyond(double delta, double expected)
        {
            var outputs = Floats(new float[,] { { 0.5f, 2f } });
            var targets = Floats(new float[,] { { 0f, 0f } });
            Assert.Equal(expected, Value(Losses.Huber(delta), outputs, targets), 6);
        }

        [Fact]
        public void WeightsAndMask_FollowKerasSumOverBatchSize()
        {
            var loss = Losses.MeanAbsoluteError();
            // Per-position losses 1, 2, 3, 4 ([1 sample, 4 steps, 1 feature]).
            var outputs = tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 4, 1);
            var targets = zeros(1, 4, 1);
            var weights = tensor(new float[] { 2, 1, 1, 0.5f }).reshape(1, 4);
            var mask = tensor(new float[] { 1, 1, 1, 0 }).reshape(1, 4);
            using var scope = NewDisposeScope();
            // Weights: the weighted sum over the number of positions, not over the sum of the weights.
            Assert.Equal((2 * 1 + 2 + 3 + 0.5 * 4) / 4, loss.Compute(outputs, targets, weights, null).item<float>(), 6);
            // Mask: the sum over the real steps only, divided by their number.
            Assert.Equal((1 + 2 + 3) / 3.0, loss.Compute(outputs, targets, null, mask).item<float>(), 6);
            Assert.Equal((2 * 1 + 2 + 3) / 3.0, loss.Compute(outputs, targets, weights, mask).item<float>(), 6);
        }

        [Fact]
        public void Names_AreKeras()
        {
            Assert.Equal("sparse_categorical_crossentropy", Losses.SparseCategoricalCrossentropy().Name);
            Assert.Equal("binary_crossentropy", Losses.BinaryCrossentropy().Name);
            Assert.Equal("mean_squared_error", Losses.MeanSquaredError().Name);
            Assert.Equal("mean_absolute_error", Losses.MeanAbsoluteError().ToString());
            Assert.Equal("huber", Losses.Huber().Name);
        }

        [Theory]
        [InlineData(0.0)]
        [InlineData(-1.0)]
        [InlineData(double.NaN)]
        public void Huber_RejectsADeltaThatIsNotPositive(double delta)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Losses.Huber(delta));
            Assert.Equal("delta", e.ParamName);
        }
    }
}
