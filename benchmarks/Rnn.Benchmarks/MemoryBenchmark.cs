using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using MnistSample;
using Rnn.Data;

namespace Rnn.Benchmarks
{
    /// <summary>
    /// The resident memory of training the LSTM sample, read after each epoch. Run in its own process (the allocator
    /// setting <c>MALLOC_ARENA_MAX</c> is read at start-up): <c>Rnn.Benchmarks memory [--epochs N] [--augment true|false] [--samples N]</c>.
    /// </summary>
    internal static class MemoryBenchmark
    {
        public static IReadOnlyList<(int Epoch, double Megabytes)> Run(int epochs, bool augment, long samples, TextWriter log)
        {
            using var data = Mnist.Load(Mnist.FindSampleDirectory());
            long count = Math.Min(samples, data.TrainLabels.shape[0]);
            using var images = data.TrainImages.narrow(0, 0, count);
            using var labels = data.TrainLabels.narrow(0, 0, count);
            var (x, y) = augment ? Augmentation.WithShiftedCopies(images, labels) : (images, labels);
            using var model = new MnistLstm(1);
            model.Compile(optimizer: Optimizers.Adam());
            var recorder = new RssRecorder(log);
            model.Fit(x, y, epochs: epochs, batchSize: 64, seed: 1, verbose: 0, callbacks: new Callback[] { recorder });
            return recorder.Rss;
        }

        /// <summary>Records the process's RSS at the end of each epoch.</summary>
        private sealed class RssRecorder : Callback
        {
            private readonly TextWriter _log;
            public RssRecorder(TextWriter log) => _log = log;
            public List<(int Epoch, double Megabytes)> Rss { get; } = new();

            public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
            {
                double mb = Machine.ResidentMegabytes();
                Rss.Add((epoch + 1, mb));
                _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch + 1}: RSS {mb:F0} MB, loss {logs["loss"]:F4}"));
            }
        }
    }
}
