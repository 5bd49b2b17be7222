using System;
using System.Collections.Generic;
using System.Linq;
using Rnn;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>Every metric against values computed by hand, over several batches, with and without a mask.</summary>
    public sealed class MetricTests
    {
        private static IMetric Bound(IMetric metric, LossFunction loss) => ((MeanMetric)metric).Bind(loss, "Model");

        private static void Update(IMetric metric, Tensor targets, Tensor outputs, Tensor? weights = null)
        {
            using var scope = NewDisposeScope();
            metric.Update(targets, outputs, weights);
        }

        [Fact]
        public void Accuracy_WithSparseCrossentropy_IsSparseCategoricalAccuracy_AccumulatedOverBatches()
        {
            var accuracy = Bound(Metrics.Accuracy, Losses.SparseCategoricalCrossentropy());
            // Batch 1: argmax 2, 0 vs labels 2, 1 → 1 of 2. Batch 2: argmax 1 vs label 1 → 1 of 1.
            Update(accuracy, tensor(new long[] { 2, 1 }), tensor(new float[,] { { 0, 1, 5 }, { 3, 2, 1 } }));
            Update(accuracy, tensor(new long[] { 1 }), tensor(new float[,] { { 0, 9, 1 } }));
            Assert.Equal("accuracy", accuracy.Name);
            Assert.Equal(2 / 3.0, accuracy.Result(), 12);
            accuracy.Reset();
            Assert.Equal(0, accuracy.Result());
        }

        [Fact]
        public void Accuracy_WithBinaryCrossentropy_ThresholdsProbabilitiesAtHalf_AndLogitsAtZero()
        {
            var targets = tensor(new float[,] { { 1 }, { 0 }, { 1 }, { 0 } });
            var outputs = tensor(new float[,] { { 0.7f }, { 0.3f }, { 0.2f }, { 0.6f } });
            var probabilities = Bound(Metrics.Accuracy, Losses.BinaryCrossentropy(fromLogits: false));
            Update(probabilities, targets, outputs);
            Assert.Equal(0.5, probabilities.Result(), 12);       // 0.7 → 1 ✓, 0.3 → 0 ✓, 0.2 → 0 ✗, 0.6 → 1 ✗

            var logits = Bound(Metrics.Accuracy, Losses.BinaryCrossentropy(fromLogits: true));
            Update(logits, targets, outputs);
            Assert.Equal(0.5, logits.Result(), 12);              // all > 0 → 1: ✓ ✗ ✓ ✗
            logits.Reset();
            Update(logits, targets, tensor(new float[,] { { 2 }, { -1 }, { 0.1f }, { -3 } }));
            Assert.Equal(1.0, logits.Result(), 12);
        }

        [Fact]
        public void Accuracy_WithAMask_CountsOnlyRealSteps()
        {
            var accuracy = Bound(Metrics.Accuracy, Losses.SparseCategoricalCrossentropy());
            // [1 sample, 3 steps, 2 classes]: predictions 1, 0, 0; labels 1, 1, 0; the last step is padding.
            var outputs = tensor(new float[] { 0, 1, 1, 0, 1, 0 }).reshape(1, 3, 2);
            var targets = tensor(new long[] { 1, 1, 0 }).reshape(1, 3);
            Update(accuracy, targets, outputs, tensor(new float[] { 1, 1, 0 }).reshape(1, 3));
            Assert.Equal(0.5, accuracy.Result(), 12);
        }

        [Fact]
        public void TopKAccuracy_CountsLabelsAmongTheKHighestScores()
        {
            var top2 = Bound(Metrics.TopKAccuracy(2), Losses.SparseCategoricalCrossentropy());
            var outputs = tensor(new float[,] { { 0.1f, 0.5f, 0.4f }, { 0.6f, 0.3f, 0.1f }, { 0.2f, 0.3f, 0.5f } });
            Update(top2, tensor(new long[] { 2, 2, 1 }), outputs);
            // Sample 0: top-2 {1, 2} ∋ 2 ✓; sample 1: {0, 1} ∌ 2 ✗; sample 2: {2, 1} ∋ 1 ✓.
            Assert.Equal(2 / 3.0, top2.Result(), 12);
            Assert.Equal("sparse_top_k_categorical_accuracy", top2.Name);

            var top5 = Bound(Metrics.TopKAccuracy(), Losses.SparseCategoricalCrossentropy());
            Update(top5, tensor(new long[] { 2, 2, 1 }), outputs);
            Assert.Equal(1.0, top5.Result(), 12);
        }

        [Fact]
        public void MeanAbsoluteError_IsTheMeanOverAllValuesSeen()
        {
            var mae = Bound(Metrics.MeanAbsoluteError, Losses.MeanSquaredError());
            Update(mae, tensor(new float[,] { { 1, 0 } }), tensor(new float[,] { { 2, 2 } }));   // 1, 2
            Update(mae, tensor(new float[,] { { 0, 0 } }), tensor(new float[,] { { -3, 0 } }));  // 3, 0
            Assert.Equal("mean_absolute_error", mae.Name);
            Assert.Equal((1 + 2 + 3 + 0) / 4.0, mae.Result(), 6);
        }

        [Fact]
        public void RootMeanSquaredError_IsTheRootOfTheMeanOverAllBatches_NotTheMeanOfRoots()
        {
            var rmse = Bound(Metrics.RootMeanSquaredError, Losses.MeanSquaredError());
            Update(rmse, tensor(new float[,] { { 0 } }), tensor(new float[,] { { 3 } }));            // 9
            Update(rmse, tensor(new float[,] { { 0 }, { 0 } }), tensor(new float[,] { { 0 }, { 0 } }));  // 0, 0
            Assert.Equal("root_mean_squared_error", rmse.Name);
            Assert.Equal(Math.Sqrt(9 / 3.0), rmse.Result(), 6);
        }

        [Fact]
        public void MeanSquaredError_WithAMask_AveragesFeaturesThenWeightsSteps()
        {
            var mse = Bound(Metrics.MeanSquaredError, Losses.MeanSquaredError());
            // [1 sample, 2 steps, 2 features]: step 0 errors 1, 3 → mean square 5; step 1 is padding.
            var outputs = tensor(new float[] { 1, 3, 10, 10 }).reshape(1, 2, 2);
            Update(mse, zeros(1, 2, 2), outputs, tensor(new float[] { 1, 0 }).reshape(1, 2));
            Assert.Equal(5.0, mse.Result(), 6);
        }

        [Fact]
        public void MaskedMetrics_InEvaluate_CountOnlyRealSteps_EachAsByHand()
        {
            // Two built-in metrics on a masked sequence output: Evaluate converts and sums the mask once per batch and
            // shares it between them; each must still be its own count over the real steps.
            using var model = new TokenTagger(seed: 1);
            model.Compile(metrics: new[] { Metrics.Accuracy, Metrics.TopKAccuracy(2) });
            var (ids, targets, lengths) = TaggingData.Random(10);
            var evaluation = model.Evaluate(ids, targets, batchSize: 4);

            using var outputs = model.Predict(ids);
            var (_, top2) = outputs.topk(2, dim: -1);
            long[] predicted = outputs.argmax(-1).data<long>().ToArray(), labels = targets.data<long>().ToArray(), best = top2.data<long>().ToArray();
            long time = ids.shape[1], real = 0, correct = 0, inTop2 = 0;
            for (int i = 0; i < lengths.Length; i++)
                for (long t = 0; t < lengths[i]; t++, real++)
                {
                    long at = i * time + t;
                    if (predicted[at] == labels[at]) correct++;
                    if (best[2 * at] == labels[at] || best[2 * at + 1] == labels[at]) inTop2++;
                }
            Assert.True(real < ids.numel()); // some steps are padding
            Assert.Equal((double)correct / real, evaluation.Metrics["accuracy"], 12);
            Assert.Equal((double)inTop2 / real, evaluation.Metrics["sparse_top_k_categorical_accuracy"], 12);
            top2.Dispose();
            ids.Dispose();
            targets.Dispose();
        }

        [Fact]
        public void KerasStrings_KeepTheStringAsTheKey()
        {
            var metrics = Metrics.FromNames(new[] { "acc", "mae", "mse", "root_mean_squared_error" }, "Model");
            Assert.Equal(new[] { "acc", "mae", "mse", "root_mean_squared_error" }, metrics.Select(m => m.Name));
        }

        public static IEnumerable<object[]> MismatchedMetrics() => new[]
        {
            new object[] { Metrics.Accuracy, Losses.MeanSquaredError(), "the metric \"accuracy\" needs a classification loss (sparse_categorical_crossentropy or binary_crossentropy), which the loss mean_squared_error does not take" },
            new object[] { Metrics.TopKAccuracy(3), Losses.BinaryCrossentropy(), "the metric \"sparse_top_k_categorical_accuracy\" needs class ids (sparse_categorical_crossentropy), which the loss binary_crossentropy does not take" },
            new object[] { Metrics.MeanAbsoluteError, Losses.SparseCategoricalCrossentropy(), "the metric \"mean_absolute_error\" needs targets shaped like the outputs" },
        };

        [Theory]
        [MemberData(nameof(MismatchedMetrics))]
        public void Compile_RejectsAMetricThatDoesNotFitTheLoss(IMetric metric, LossFunction loss, string message)
        {
            using var model = new TestRnn(units: 4, seed: 1);
            var e = Assert.Throws<ArgumentException>(() => model.Compile(loss: loss, metrics: new[] { metric }));
            Assert.Equal("metrics", e.ParamName);
            Assert.Contains("TestRnn.Compile: " + message, e.Message);
        }

        [Fact]
        public void Compile_RejectsDuplicateAndReservedNames()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            var e = Assert.Throws<ArgumentException>(() => model.Compile(metrics: new[] { Metrics.Accuracy, Metrics.Accuracy }));
            Assert.Contains("two metrics are named \"accuracy\"", e.Message);
            e = Assert.Throws<ArgumentException>(() => model.Compile(metrics: new IMetric[] { new Constant("val_x", 1) }));
            Assert.Contains("must be non-empty, not \"loss\" and not start with \"val_\"", e.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.TopKAccuracy(0));
        }

        /// <summary>A user metric: the number of samples seen, plus a constant.</summary>
        private sealed class Constant : IMetric
        {
            private readonly double _offset;
            private long _seen;
            public Constant(string name, double offset) { Name = name; _offset = offset; }
            public string Name { get; }
            public List<string> Calls { get; } = new();
            public void Update(Tensor targets, Tensor outputs, Tensor? weights) { _seen += targets.shape[0]; Calls.Add("update " + targets.shape[0]); }
            public double Result() => _seen + _offset;
            public void Reset() { _seen = 0; Calls.Add("reset"); }
        }

        [Fact]
        public void UserMetric_IsUpdatedPerBatch_ResetPerEpochAndValidation_AndLoggedWithItsName()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            var (x, y) = TestData.Random(10);
            var seen = new Constant("seen", 0.5);
            model.Compile(metrics: new IMetric[] { Metrics.Accuracy, seen });

            // 8 training samples in batches of 3 (3, 3, 2), then 2 validation samples in one batch.
            var history = model.Fit(x, y, epochs: 2, batchSize: 3, validationSplit: 0.2, seed: 1, verbose: 0);

            Assert.Equal(new[] { "accuracy", "loss", "seen", "val_accuracy", "val_loss", "val_seen" }, history.Metrics.Keys);
            Assert.Equal(new[] { 8.5, 8.5 }, history["seen"]);
            Assert.Equal(new[] { 2.5, 2.5 }, history["val_seen"]);
            var epoch = new[] { "reset", "update 3", "update 3", "update 2", "reset", "update 2" };
            Assert.Equal(epoch.Concat(epoch), seen.Calls);
            var evaluation = model.Evaluate(x, y, batchSize: 4);
            Assert.Equal(10.5, evaluation.Metrics["seen"]);
            Assert.Equal(evaluation.Accuracy, evaluation.Metrics["accuracy"]);
        }
    }
}
