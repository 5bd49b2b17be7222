using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Rnn;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    public sealed class FitTests
    {
        [Fact]
        public void Fit_WithoutValidation_RecordsLossAndAccuracyPerEpoch()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(40);

            var history = model.Fit(x, y, epochs: 3, batchSize: 16, seed: 5, verbose: 0);

            Assert.Equal(new[] { 0, 1, 2 }, history.Epochs);
            Assert.Equal(new[] { "accuracy", "loss" }, history.Metrics.Keys);
            Assert.All(history.Metrics.Values, v => Assert.Equal(3, v.Count));
            Assert.All(history["loss"], l => Assert.True(l > 0 && double.IsFinite(l)));
            Assert.All(history["accuracy"], a => Assert.InRange(a, 0, 1));
            var e = Assert.Throws<KeyNotFoundException>(() => history["val_loss"]);
            Assert.Contains("accuracy, loss", e.Message);
        }

        [Fact]
        public void Fit_WithValidationSplit_AddsValidationMetricsFromTheLastSamples()
        {
            using var model = new TestRnn(units: 8, seed: 2);
            var (x, y) = TestData.Random(10);
            var output = new StringWriter();

            // floor(10 * 0.75) = 7 training samples → 4 batches of 2; samples 7..9 validate.
            var history = model.Fit(x, y, epochs: 1, batchSize: 2, validationSplit: 0.25, seed: 3, verbose: 2, output: output);

            Assert.Equal(new[] { "accuracy", "loss", "val_accuracy", "val_loss" }, history.Metrics.Keys);
            Assert.StartsWith("Training on cpu" + output.NewLine + "Epoch 1/1 - 4/4 - ", output.ToString());
            var (loss, accuracy) = model.Evaluate(x[7..], y[7..], batchSize: 2);
            Assert.Equal(loss, history["val_loss"][0], 6);
            Assert.Equal(accuracy, history["val_accuracy"][0]);
            Assert.Contains(history["val_accuracy"][0], new[] { 0, 1 / 3.0, 2 / 3.0, 1 });
        }

        [Fact]
        public void Fit_WithValidationData_UsesIt()
        {
            using var model = new TestRnn(units: 8, seed: 2);
            var (x, y) = TestData.Random(12);
            var (vx, vy) = TestData.Random(5, seed: 99);

            var history = model.Fit(x, y, epochs: 2, batchSize: 4, validationData: (vx, vy), seed: 3, verbose: 0);

            Assert.Equal(model.Evaluate(vx, vy).Loss, history["val_loss"][1], 6);
        }

        [Fact]
        public void Fit_WithValidationData_ShapedAsTheTrainingSamples_RunsTheModelOnceToLearnTheOutputShape()
        {
            using var model = new TestRnn(units: 8, seed: 2);
            var (x, y) = TestData.Random(12);
            var (vx, vy) = TestData.Random(5, seed: 99);
            var (longer, longerY) = TestData.Random(5, seed: 99, timesteps: 6);
            int Forwards((Tensor, Tensor) validation)
            {
                model.LiveCountAtForward = new List<long>();
                model.Fit(x, y, epochs: 1, batchSize: 4, validationData: validation, seed: 3, verbose: 0);
                return model.LiveCountAtForward.Count;
            }

            // One probe of the training samples, 3 training and 2 validation batches: the validation samples, shaped as
            // the training samples, have the output shape already learnt.
            Assert.Equal(1 + 3 + 2, Forwards((vx, vy)));
            // Sequences of another length are probed for their own output shape.
            Assert.Equal(2 + 3 + 2, Forwards((longer, longerY)));
        }

        [Fact]
        public void Fit_WithValidationSequencesOfAnotherLength_ChecksTheirTargetsAgainstTheirOwnOutputShape()
        {
            using var model = new TokenTagger();
            var (ids, tags, _) = TaggingData.Random(12, time: 6);
            var (shorter, shorterTags, _) = TaggingData.Random(5, time: 4, seed: 5);

            var history = model.Fit(ids, tags, epochs: 1, batchSize: 4, validationData: (shorter, shorterTags), seed: 1, verbose: 0);

            Assert.Equal(model.Evaluate(shorter, shorterTags, batchSize: 4).Loss, history["val_loss"][0], 6);
        }

        [Fact]
        public void Fit_SameSeed_GivesIdenticalLosses_OtherSeed_Differs()
        {
            var (x, y) = TestData.Random(64);
            IReadOnlyList<double> Run(long shuffleSeed)
            {
                using var model = new TestRnn(units: 8, seed: 11);
                return model.Fit(x, y, epochs: 3, batchSize: 8, validationSplit: 0.25, seed: shuffleSeed, verbose: 0)["loss"];
            }

            var first = Run(42);
            Assert.Equal(first, Run(42));
            Assert.NotEqual(first, Run(43));
        }

        [Fact]
        public void Fit_TakesTheIssueArgumentOrder_xYEpochsBatchSizeValidationSplitShuffleSeed()
        {
            var (x, y) = TestData.Random(40);
            IReadOnlyList<double> Run()
            {
                using var model = new TestRnn(units: 8, seed: 5);
                var history = model.Fit(x, y, 2, 10, 0.25, true, 9, verbose: 0);
                Assert.Equal(new[] { 0, 1 }, history.Epochs);
                Assert.Equal(2, history["val_loss"].Count);
                return history["loss"];
            }
            Assert.Equal(Run(), Run());
        }

        [Fact]
        public void Fit_AcceptsInt32Labels()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(8);
            var history = model.Fit(x, y.to_type(ScalarType.Int32), epochs: 1, batchSize: 4, seed: 1, verbose: 0);
            Assert.Single(history["loss"]);
        }

        [Fact]
        public void Fit_WithCompiledOptimizers_Trains()
        {
            var (x, y) = TestData.Random(32);
            foreach (var optimizer in new[] { Optimizers.Sgd(0.05, momentum: 0.9), Optimizers.RmsProp(1e-3), Optimizers.Adam(1e-2) })
            {
                using var model = new TestRnn(units: 16, seed: 4);
                model.Compile(optimizer: optimizer, loss: Losses.SparseCategoricalCrossentropy(fromLogits: true), metrics: new[] { "accuracy" });
                var losses = model.Fit(x, y, epochs: 8, batchSize: 8, seed: 1, verbose: 0)["loss"];
                Assert.True(losses[^1] < losses[0], $"{optimizer}: loss went from {losses[0]} to {losses[^1]}");
            }
        }

        [Fact]
        public void Compile_WithoutMetrics_RecordsOnlyLoss_AndRejectsUnknownMetrics()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(8);
            model.Compile(metrics: Array.Empty<string>());
            Assert.Equal(new[] { "loss" }, model.Fit(x, y, batchSize: 4, verbose: 0).Metrics.Keys);

            var e = Assert.Throws<ArgumentException>(() => model.Compile(metrics: new[] { "accuracy", "auc" }));
            Assert.Equal("metrics", e.ParamName);
            Assert.Contains("TestRnn.Compile supports the metrics \"accuracy\", \"acc\", \"mae\"", e.Message);
            Assert.Contains("\"sparse_top_k_categorical_accuracy\", not \"auc\".", e.Message);
        }

        [Fact]
        public void Evaluate_RestoresTrainingMode()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(8);
            model.train();
            model.Evaluate(x, y);
            Assert.True(model.training);
            model.eval();
            model.Evaluate(x, y);
            Assert.False(model.training);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Predict_AndARejectedFit_RestoreTrainingMode(bool training)
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, _) = TestData.Random(8);
            model.train(training);

            model.Predict(x, batchSize: 3).Dispose();
            Assert.Equal(training, model.training);
            // The probe of the model's output runs in evaluation mode, then the labels are rejected.
            Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, full(new long[] { 8 }, 10, dtype: ScalarType.Int64), verbose: 0));
            Assert.Equal(training, model.training);
        }

        [Fact]
        public void Predict_ReturnsRawOutputsForAllSamples_IndependentOfBatchSize()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, _) = TestData.Random(70);

            using var whole = model.Predict(x);
            using var small = model.Predict(x, batchSize: 3);

            Assert.Equal(new long[] { 70, 10 }, whole.shape);
            Assert.False(whole.requires_grad);
            Assert.True(whole.allclose(small, rtol: 1e-5, atol: 1e-6));
            using (no_grad())
                Assert.True(whole.allclose(model.call(x), rtol: 1e-5, atol: 1e-6));
        }

        [Fact]
        public void Predict_FreesEachBatchsIntermediates_AndLeavesOnlyTheResult()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, _) = TestData.Random(9);
            model.LiveCountAtForward = new List<long>();
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

            using var outputs = model.Predict(x, batchSize: 2);

            Assert.Equal(before + 1, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            // Batch k starts with the k outputs kept so far (plus the same per-batch input view), nothing more.
            var counts = model.LiveCountAtForward;
            Assert.Equal(5, counts.Count);
            Assert.Equal(Enumerable.Range(0, 5).Select(k => counts[0] + k), counts);
            Assert.Equal(new long[] { 9, 10 }, outputs.shape);
        }

        [Fact]
        public void Predict_InsideCallersDisposeScope_SurvivesToTheCaller()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, _) = TestData.Random(5);
            using var scope = NewDisposeScope();
            var outputs = model.Predict(x, batchSize: 2);
            Assert.False(outputs.IsInvalid);
            Assert.Equal(5, outputs.shape[0]);
        }

        public static IEnumerable<object[]> BadArguments()
        {
            var (x, y) = TestData.Random(10);
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x, y, epochs: 0, verbose: 0)), "epochs", "epochs must be at least 1, but was 0" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x, y, batchSize: 0, verbose: 0)), "batchSize", "batchSize must be at least 1, but was 0" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x, y, validationSplit: 1, verbose: 0)), "validationSplit", "validationSplit must be in [0, 1), but was 1" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x, y, validationSplit: -0.1, verbose: 0)), "validationSplit", "but was -0.1" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x, y, validationSplit: 0.95, verbose: 0)), "validationSplit", "10 samples cannot be split into training and validation sets with validationSplit = 0.95 (0 training, 10 validation samples)" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x, y, verbose: 3)), "verbose", "but was 3" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x, y[..9], verbose: 0)), "y", "x has 10 samples but y has 9 labels" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x, y.unsqueeze(1), verbose: 0)), "y", "shaped [samples], but has shape [10, 1]" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x, y.to_type(ScalarType.Float32), verbose: 0)), "y", "integer class labels, but has type Float32" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x, full(new long[] { 10 }, 10, dtype: ScalarType.Int64), verbose: 0)), "y", "labels must be in 0..9 for the model's 10 outputs, but y holds values from 10 to 10" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x, full(new long[] { 10 }, -1, dtype: ScalarType.Int64), verbose: 0)), "y", "from -1 to -1" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x.flatten(), y, verbose: 0)), "x", "at least 2 dimensions, but has shape [1120]" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x[.., .., ..20], y, verbose: 0)), "x", "TestRnn.Fit: x [10, 4, 20] does not fit the model: test_rnn expects input" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x, y, validationSplit: 0.2, validationData: (x, y), verbose: 0)), "validationData", "either validationSplit (0.2) or validationData" };
            yield return new object[] { (Action<RnnModel>)(m => m.Evaluate(x, y, batchSize: -1)), "batchSize", "TestRnn.Evaluate: batchSize must be at least 1, but was -1" };
            yield return new object[] { (Action<RnnModel>)(m => m.Predict(x, batchSize: 0)), "batchSize", "TestRnn.Predict: batchSize must be at least 1, but was 0" };
            yield return new object[] { (Action<RnnModel>)(m => m.Predict(x[..0])), "x", "at least one sample, but has shape [0, 4, 28]" };
            var x64 = x.to_type(ScalarType.Float64);
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x64, y, verbose: 0)), "x", "TestRnn.Fit: x must hold float32 values like the model's weights, but has type Float64" };
            yield return new object[] { (Action<RnnModel>)(m => m.Fit(x, y, validationData: (x64, y), verbose: 0)), "validationData.X", "TestRnn.Fit: validationData.X must hold float32 values like the model's weights, but has type Float64" };
            yield return new object[] { (Action<RnnModel>)(m => m.Evaluate(x64, y)), "x", "TestRnn.Evaluate: x must hold float32 values like the model's weights, but has type Float64" };
            yield return new object[] { (Action<RnnModel>)(m => m.Predict(x64)), "x", "TestRnn.Predict: x must hold float32 values like the model's weights, but has type Float64" };
        }

        [Theory]
        [MemberData(nameof(BadArguments))]
        public void BadArguments_ThrowArgumentExceptionNamingExpectedAndActual(Action<RnnModel> call, string parameter, string message)
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var e = Assert.ThrowsAny<ArgumentException>(() => call(model));
            Assert.Equal(parameter, e.ParamName);
            Assert.Contains(message, e.Message);
        }
    }
}
