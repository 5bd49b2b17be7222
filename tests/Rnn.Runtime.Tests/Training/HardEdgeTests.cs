using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Rnn;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>Inputs and uses found by probing the runtime: non-finite data, threads, and the wording of errors.</summary>
    public sealed class HardEdgeTests
    {
        private static Dictionary<string, Tensor> Snapshot(nn.Module model) =>
            model.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone());

        private static void AssertUnchanged(Dictionary<string, Tensor> before, nn.Module model)
        {
            foreach (var (name, tensor) in model.state_dict())
                Assert.True(tensor.eq(before[name]).all().item<bool>(), $"{name} changed");
        }

        [Theory]
        [InlineData(5, float.NaN, "NaN")]
        [InlineData(0, float.PositiveInfinity, "Infinity")]
        [InlineData(5000, float.NegativeInfinity, "-Infinity")] // past the first chunk of the check
        public void NonFinite_x_is_rejected_before_the_first_step_naming_the_sample(int sample, float value, string shown)
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(5001);
            x[sample, 2, 7] = tensor(value);
            var before = Snapshot(model);

            var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, batchSize: 64, verbose: 0));

            Assert.Equal("x", e.ParamName);
            Assert.Contains($"TestRnn.Fit: x must hold finite numbers, but sample {sample} holds {shown}", e.Message);
            AssertUnchanged(before, model);
        }

        [Fact]
        public void NonFinite_validation_data_is_rejected_before_the_first_step()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(20);
            var (vx, vy) = TestData.Random(6, seed: 3);
            vx[2, 0, 0] = tensor(float.NaN);
            var before = Snapshot(model);

            var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, batchSize: 5, validationData: (vx, vy), verbose: 0));

            Assert.Equal("validationData.X", e.ParamName);
            Assert.Contains("validationData.X must hold finite numbers, but sample 2 holds NaN", e.Message);
            AssertUnchanged(before, model);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Concurrent_Predict_and_Evaluate_agree_and_leave_the_mode_as_it_was(bool training)
        {
            using var model = new TestRnn(units: 16, seed: 1);
            var (x, y) = TestData.Random(40);
            model.train(training);
            using var expected = model.Predict(x, batchSize: 8);
            var expectedEvaluation = model.Evaluate(x, y, batchSize: 8);
            const int threads = 8;
            using var start = new Barrier(threads);
            var mismatches = new int[threads];

            var tasks = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                for (int i = 0; i < 25; i++)
                {
                    if ((i + t) % 3 == 0)
                    {
                        if (model.Evaluate(x, y, batchSize: 8) != expectedEvaluation) mismatches[t]++;
                    }
                    else
                    {
                        using var actual = model.Predict(x, batchSize: 8);
                        if (!actual.allclose(expected, rtol: 0, atol: 0)) mismatches[t]++;
                    }
                }
            }, TaskCreationOptions.LongRunning)).ToArray();
            await Task.WhenAll(tasks);

            Assert.All(mismatches, m => Assert.Equal(0, m));
            Assert.Equal(training, model.training);
            Assert.All(model.modules(), m => Assert.Equal(training, m.training));
        }

        [Fact]
        public void A_Fit_shape_error_shows_the_users_shape_once_and_names_x_once()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            using var x = randn(64, 4, 27);
            using var y = zeros(new long[] { 64 }, dtype: ScalarType.Int64);

            var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, verbose: 0));

            Assert.Equal("x", e.ParamName);
            Assert.Contains("TestRnn.Fit: x [64, 4, 27] does not fit the model: test_rnn expects input", e.Message);
            Assert.Contains("but got [64, 4, 27].", e.Message);
            Assert.DoesNotContain("[1, 4, 27]", e.Message);
            Assert.Single(Regex.Matches(e.Message, @"\(Parameter "));
        }

        [Fact]
        public void A_Predict_shape_error_names_x_and_the_users_shape()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            using var x = randn(10, 4, 27);

            var e = Assert.Throws<ArgumentException>(() => model.Predict(x));

            Assert.Equal("x", e.ParamName);
            Assert.Contains("TestRnn.Predict: x [10, 4, 27] does not fit the model", e.Message);
            Assert.Contains("but got [10, 4, 27]", e.Message);
            Assert.Single(Regex.Matches(e.Message, @"\(Parameter "));
        }

        [Fact]
        public void ModelCheckpoint_on_val_loss_without_validation_data_fails_before_the_first_step()
        {
            string dir = Directory.CreateTempSubdirectory("rnn-edge-").FullName;
            try
            {
                using var model = new TestRnn(units: 8, seed: 1);
                var (x, y) = TestData.Random(8);
                var before = Snapshot(model);
                var checkpoint = new ModelCheckpoint(Path.Combine(dir, "m.weights"));

                var e = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, batchSize: 4, verbose: 0, callbacks: new[] { checkpoint }));

                Assert.Contains("ModelCheckpoint monitors 'val_loss', but training reports only accuracy, loss; pass validationSplit or validationData", e.Message);
                AssertUnchanged(before, model); // not a single step was taken
                Assert.Empty(Directory.GetFileSystemEntries(dir));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
