using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Rnn.Runtime.Tests.Training;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.IO
{
    /// <summary>
    /// Issue 19: Predict while LoadWeights runs on the same model returned outputs of neither the old weights nor the new
    /// (23 of 45 calls). LoadWeights now replaces the weights while no Predict runs, so every output is one of the two.
    /// </summary>
    public sealed class ConcurrentLoadWeightsTests : IDisposable
    {
        private const int Predictors = 3;
        private const int Loads = 200;
        private const int Predictions = 45;
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
        private const float Tolerance = 1e-4f; // another thread count may sum in another order; other weights differ by far more
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-concurrent-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [Fact]
        public async Task Predict_during_LoadWeights_gives_the_old_or_the_new_weights_outputs_never_a_mix()
        {
            string first = Path.Combine(_dir, "first.weights"), second = Path.Combine(_dir, "second.weights");
            using (var a = new TestRnn(units: 64, seed: 1)) a.SaveWeights(first);
            using (var b = new TestRnn(units: 64, seed: 2)) b.SaveWeights(second);
            using var model = new TestRnn(units: 64, seed: 3);
            var (x, y) = TestData.Random(256, seed: 5, timesteps: 28);
            using var inputs = x;
            y.Dispose();
            var references = new[] { first, second }.Select(path =>
            {
                model.LoadWeights(path);
                using var output = model.Predict(inputs, batchSize: 256);
                return output.data<float>().ToArray();
            }).ToArray();
            Assert.NotEqual(references[0], references[1]);

            var outputs = new ConcurrentBag<float[]>();
            using var running = new CountdownEvent(Predictors);
            using var done = new CancellationTokenSource();
            var predictors = Enumerable.Range(0, Predictors).Select(_ => Task.Run(() =>
            {
                running.Signal();
                while (!done.IsCancellationRequested)
                {
                    using var output = model.Predict(inputs, batchSize: 256);
                    outputs.Add(output.data<float>().ToArray());
                }
            })).ToArray();
            try
            {
                running.Wait(Patience);
                var clock = Stopwatch.StartNew();
                for (int i = 0; (i < Loads || outputs.Count < Predictions) && clock.Elapsed < Patience; i++)
                    model.LoadWeights(i % 2 == 0 ? first : second);
            }
            finally
            {
                done.Cancel();
                await Task.WhenAll(predictors);
            }

            int torn = outputs.Count(o => !Close(o, references[0]) && !Close(o, references[1]));
            Assert.True(outputs.Count >= Predictions, $"only {outputs.Count} predictions ran during the loads");
            Assert.True(torn == 0, $"{torn} of {outputs.Count} outputs match neither weights file: Predict saw half-loaded weights");
        }

        private static bool Close(float[] actual, float[] expected) => actual.Zip(expected).All(p => Math.Abs(p.First - p.Second) <= Tolerance);
    }
}
