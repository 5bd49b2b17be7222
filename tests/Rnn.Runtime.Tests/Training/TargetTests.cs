using System;
using System.Collections.Generic;
using System.Linq;
using Rnn;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>Targets by loss and output shape: what Fit accepts, and the errors before the first step.</summary>
    public sealed class TargetTests
    {
        private sealed class BatchCounter : Callback
        {
            public int Batches { get; private set; }
            public override void OnTrainBatchBegin(int batch) => Batches++;
        }

        private static void AssertRejectedBeforeTheFirstStep(RnnModel model, Tensor x, Tensor y, string parameter, string message,
            IReadOnlyDictionary<int, double>? classWeight = null)
        {
            var counter = new BatchCounter();
            var e = Assert.ThrowsAny<ArgumentException>(() =>
                model.Fit(x, y, batchSize: 4, verbose: 0, callbacks: new[] { counter }, classWeight: classWeight));
            Assert.Equal(parameter, e.ParamName);
            Assert.Contains(message, e.Message);
            Assert.Equal(0, counter.Batches);
        }

        [Fact]
        public void Regression_AcceptsTargetsShapedLikeTheOutput_OrWithoutATrailingOne()
        {
            var x = randn(8, 5, 1);
            using var single = new SeriesLstm(outputs: 1, seed: 1);
            single.Compile(loss: Losses.MeanSquaredError());
            Assert.Equal(new[] { "loss" }, single.Fit(x, randn(8), batchSize: 4, verbose: 0).Metrics.Keys);
            Assert.Single(single.Fit(x, randn(8, 1), batchSize: 4, verbose: 0)["loss"]);
            // Float64 and integer targets are converted to float32, as Keras casts them.
            Assert.Single(single.Fit(x, randn(8, 1, dtype: ScalarType.Float64), batchSize: 4, verbose: 0)["loss"]);
            Assert.Single(single.Fit(x, ones(8, dtype: ScalarType.Int32), batchSize: 4, verbose: 0)["loss"]);

            using var sequence = new SeriesLstm(outputs: 2, seed: 1, everyStep: true);
            sequence.Compile(loss: Losses.Huber(), metrics: new[] { "mae" });
            var history = sequence.Fit(x, randn(8, 5, 2), batchSize: 4, validationSplit: 0.25, verbose: 0);
            Assert.Equal(new[] { "loss", "mae", "val_loss", "val_mae" }, history.Metrics.Keys);
        }

        [Fact]
        public void Regression_RejectsMismatchedTargets_NamingExpectedAndActual()
        {
            var x = randn(8, 5, 1);
            using var model = new SeriesLstm(outputs: 3, seed: 1);
            model.Compile(loss: Losses.MeanSquaredError());
            AssertRejectedBeforeTheFirstStep(model, x, randn(8), "y",
                "SeriesLstm.Fit: y must be float targets shaped [samples, 3], as the model's output [samples, 3] for mean_squared_error, but has shape [8].");
            AssertRejectedBeforeTheFirstStep(model, x, randn(8, 2), "y", "shaped [samples, 3], as the model's output [samples, 3] for mean_squared_error, but has shape [8, 2]");
            AssertRejectedBeforeTheFirstStep(model, x, randn(7, 3), "y", "x has 8 samples but y has 7 labels");
            AssertRejectedBeforeTheFirstStep(model, x, ones(8, 3, dtype: ScalarType.Bool), "y", "must hold real numbers for mean_squared_error, but has type Bool");

            using var single = new SeriesLstm(outputs: 1, seed: 1);
            single.Compile(loss: Losses.MeanAbsoluteError());
            AssertRejectedBeforeTheFirstStep(single, x, randn(8, 2), "y", "shaped [samples, 1] or [samples], as the model's output [samples, 1] for mean_absolute_error, but has shape [8, 2]");
        }

        [Fact]
        public void Binary_TakesZeroOneLabels_AndRejectsOthers()
        {
            var x = randn(8, 5, 1);
            using var model = new SeriesLstm(outputs: 1, seed: 1);
            model.Compile(loss: Losses.BinaryCrossentropy(fromLogits: true), metrics: new[] { Metrics.Accuracy });
            var labels = tensor(new long[] { 0, 1, 1, 0, 1, 0, 0, 1 });
            var history = model.Fit(x, labels, batchSize: 4, verbose: 0);
            Assert.InRange(history["accuracy"][0], 0, 1);
            Assert.Single(model.Fit(x, labels.to_type(ScalarType.Bool), batchSize: 4, verbose: 0)["loss"]);
            AssertRejectedBeforeTheFirstStep(model, x, labels * 2, "y", "binary_crossentropy needs labels in [0, 1], but y holds values from 0 to 2.");
        }

        [Fact]
        public void Classification_RejectsFloatTargets_AndOutputsThatAreNotScoresOverClasses()
        {
            var (x, y) = TestData.Random(8);
            using var model = new TestRnn(units: 4, seed: 1);
            AssertRejectedBeforeTheFirstStep(model, x, y.to_type(ScalarType.Float32), "y",
                "y must hold integer class labels, but has type Float32; sparse_categorical_crossentropy takes class ids (for float targets use a loss such as Losses.MeanSquaredError()).");

            using var sequence = new SeriesLstm(features: 28, outputs: 3, seed: 1, everyStep: true);
            AssertRejectedBeforeTheFirstStep(sequence, x, y, "y",
                "y must be integer labels shaped [samples, 4], but has shape [8]; sparse_categorical_crossentropy takes one class id per time step for the model's output [samples, 4, 3].");
        }

        [Fact]
        public void TokenModels_TakeInt64Ids_AndRejectFloats()
        {
            var (ids, targets, _) = TaggingData.Random(8);
            using var model = new TokenTagger();
            AssertRejectedBeforeTheFirstStep(model, ids.to_type(ScalarType.Float32), targets, "x",
                "TokenTagger.Fit: x must hold int64 token ids, as the model's input is tokens, but has type Float32");
            var e = Assert.Throws<ArgumentException>(() => model.Predict(ids.to_type(ScalarType.Float32)));
            Assert.Equal("x", e.ParamName);
            Assert.Equal(new long[] { 8, 6, 4 }, model.Predict(ids).shape);
            AssertRejectedBeforeTheFirstStep(model, ids, targets[.., ..5], "y", "y must be integer labels shaped [samples, 6], but has shape [8, 5]");
            AssertRejectedBeforeTheFirstStep(model, ids, targets + 4, "y", "labels must be in 0..3 for the model's 4 outputs");
        }

        /// <summary>Cross-entropy of one step, by hand from its logits.</summary>
        private static double CrossEntropy(float[] logits, long label) =>
            Math.Log(logits.Sum(l => Math.Exp(l))) - logits[label];

        [Fact]
        public void TaggingLoss_AveragesOverRealStepsOnly()
        {
            var (ids, targets, lengths) = TaggingData.Random(5, seed: 11);
            using var model = new TokenTagger(seed: 2);

            var evaluation = model.Evaluate(ids, targets, batchSize: 5);

            using var logits = model.Predict(ids);
            double sum = 0;
            long steps = 0;
            for (int i = 0; i < 5; i++)
                for (int t = 0; t < lengths[i]; t++, steps++)
                    sum += CrossEntropy(logits[i, t].data<float>().ToArray(), targets[i, t].item<long>());
            Assert.Equal(sum / steps, evaluation.Loss, 5);
        }

        [Fact]
        public void TaggingLoss_IgnoresTheTargetsOfPaddedSteps_InEvaluateAndFit()
        {
            var (ids, targets, lengths) = TaggingData.Random(12, seed: 5);
            var changed = targets.clone();
            for (int i = 0; i < 12; i++)
                if (lengths[i] < 6) changed[i, TensorIndex.Slice(lengths[i])] = tensor(3L);
            Assert.False(changed.eq(targets).all().item<bool>());

            using var model = new TokenTagger(seed: 4);
            var before = model.Evaluate(ids, targets, batchSize: 4);
            var after = model.Evaluate(ids, changed, batchSize: 4);
            Assert.Equal(before.Loss, after.Loss);
            Assert.Equal(before.Accuracy, after.Accuracy);

            IReadOnlyList<double> Losses(Tensor y)
            {
                using var fresh = new TokenTagger(seed: 4);
                return fresh.Fit(ids, y, epochs: 3, batchSize: 4, seed: 1, verbose: 0)["loss"];
            }
            var original = Losses(targets);
            Assert.Equal(original, Losses(changed));
            // A real step's target does change the loss.
            var real = targets.clone();
            real[0, 0] = (real[0, 0] + 1) % 4;
            Assert.NotEqual(original, Losses(real));
        }

        [Fact]
        public void ClassWeight_ScalesEachSamplesLoss_AsKeras()
        {
            var (x, y) = TestData.Random(6, classes: 3);
            var labels = y.data<long>().ToArray();
            var weights = new Dictionary<int, double> { [0] = 2.0, [2] = 0.5 };   // class 1 weighs 1
            using var model = new TestRnn(units: 4, seed: 3, classes: 3);
            model.Compile(optimizer: Optimizers.Sgd(1e-9));

            using var logits = model.Predict(x);
            double sum = 0;
            for (int i = 0; i < 6; i++)
                sum += (weights.TryGetValue((int)labels[i], out double w) ? w : 1) * CrossEntropy(logits[i].data<float>().ToArray(), labels[i]);
            // One batch of all samples: the reported loss is the weighted sum over the number of samples.
            var history = model.Fit(x, y, batchSize: 6, shuffle: false, verbose: 0, classWeight: weights);
            Assert.Equal(sum / 6, history["loss"][0], 5);
            // Validation and Evaluate are not weighted.
            Assert.NotEqual(sum / 6, model.Evaluate(x, y).Loss, 3);
        }

        [Fact]
        public void ClassWeight_WithBinaryCrossentropy_WeighsTheLabelsZeroAndOne()
        {
            var (x, _) = TestData.Random(6);
            var labels = new long[] { 1, 0, 0, 1, 0, 0 };
            var weights = new Dictionary<int, double> { [0] = 0.5, [1] = 3.0 };
            using var model = new TestRnn(units: 4, seed: 2, classes: 1);
            model.Compile(optimizer: Optimizers.Sgd(1e-9), loss: Losses.BinaryCrossentropy(fromLogits: true));

            using var logits = model.Predict(x);
            double sum = 0;
            for (int i = 0; i < 6; i++)
            {
                double p = 1 / (1 + Math.Exp(-logits[i, 0].item<float>()));
                sum += weights[(int)labels[i]] * -(labels[i] == 1 ? Math.Log(p) : Math.Log(1 - p));
            }
            var history = model.Fit(x, tensor(labels), batchSize: 6, shuffle: false, verbose: 0, classWeight: weights);
            Assert.Equal(sum / 6, history["loss"][0], 5);
        }

        [Fact]
        public void ClassWeight_ShiftsPredictionsTowardsTheHeavyClass()
        {
            // Every sample has the same input, so the model can learn only the labels' prior: 75 % class 0.
            var (one, _) = TestData.Random(1, seed: 21);
            var x = one.expand(64, -1, -1).contiguous();
            var y = tensor(Enumerable.Range(0, 64).Select(i => i % 4 == 0 ? 1L : 0L).ToArray());
            long PredictedOnes(IReadOnlyDictionary<int, double>? classWeight)
            {
                using var model = new TestRnn(units: 8, seed: 5, classes: 2);
                model.Compile(optimizer: Optimizers.Adam(1e-2));
                model.Fit(x, y, epochs: 10, batchSize: 16, seed: 2, verbose: 0, classWeight: classWeight);
                using var predictions = model.Predict(x).argmax(-1);
                return predictions.sum().item<long>();
            }
            // Unweighted, class 1 has 16 of 64 samples; with weight 6 it has 96 of 144 weighted samples.
            Assert.Equal(0, PredictedOnes(null));
            Assert.Equal(64, PredictedOnes(new Dictionary<int, double> { [1] = 6.0 }));
        }

        [Fact]
        public void ClassWeight_IsRejectedWhenItCannotApply()
        {
            var (x, y) = TestData.Random(8);
            using var model = new TestRnn(units: 4, seed: 1);
            AssertRejectedBeforeTheFirstStep(model, x, y, "classWeight", "classWeight has class 10, but the classes are 0..9",
                new Dictionary<int, double> { [10] = 1 });
            AssertRejectedBeforeTheFirstStep(model, x, y, "classWeight", "classWeight of class 1 must be a finite number of 0 or more, but was -1",
                new Dictionary<int, double> { [1] = -1 });
            using var regression = new SeriesLstm(features: 28, outputs: 1, seed: 1);
            regression.Compile(loss: Losses.MeanSquaredError());
            AssertRejectedBeforeTheFirstStep(regression, x, randn(8), "classWeight",
                "classWeight needs a classification loss (sparse_categorical_crossentropy or binary_crossentropy), but the loss is mean_squared_error",
                new Dictionary<int, double> { [0] = 1 });
        }
    }
}
