using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MnistSample;
using Rnn.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Benchmarks
{
    /// <summary>One batch size against batch 64: the same samples trained in steps of each size, paired.</summary>
    internal sealed record BatchSizeResult(string Model, int BatchSize, double MicrosecondsPerSample, double MicrosecondsPerSampleAt64,
        double Ratio, double RatioLow, double RatioHigh, double CpuRatio, double FaultsPerSample, double FaultsPerSampleAt64, int Pairs);

    /// <summary>
    /// Training step time against batch size (<c>Rnn.Benchmarks batch [--batch-sizes 32,64,128,256,512] [--models lstm]
    /// [--pairs N] [--threads 1]</c>). Each side trains the MNIST sample model on the same number of samples, as Fit does:
    /// batches gathered with <c>index_select</c> from the 8,000 shipped training digits in a shuffled order, cross-entropy,
    /// backward and the runtime's Adam, one step per batch. Side A uses batch B, side B batch 64, so the paired ratio A/B
    /// is the cost per sample at B against 64. Each batch size has its own model and optimizer; the batch-64 side is one
    /// model shared by all comparisons of a model kind. Also reports the paired ratio of the thread's processor time (with
    /// one torch thread all the work runs on the calling thread, so this ratio holds even when other jobs load the
    /// machine) and the minor page faults per sample of each side.
    /// </summary>
    internal static class BatchSizeBenchmark
    {
        private const int Reference = 64, MinimumSamples = 512;

        public static void Print(IReadOnlyList<string> models, IReadOnlyList<int> batchSizes, int pairs)
        {
            var invariant = CultureInfo.InvariantCulture;
            Console.WriteLine($"huge pages for libtorch's large tensors: {(Native.HugePages.Applied ? "on" : "off")}; " +
                $"glibc heap settings: {(Native.HeapSettings.Applied ? "on" : "off")}");
            Console.WriteLine("| model | batch | µs per sample | µs per sample at 64 | paired ratio to 64, median | interquartile | processor time ratio | faults per sample | at 64 | pairs |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            using var data = Mnist.Load(Mnist.FindSampleDirectory());
            foreach (string kind in models)
            {
                using var reference = new Trainer(kind, Reference, data.TrainImages, data.TrainLabels);
                foreach (int batchSize in batchSizes.Where(b => b != Reference))
                {
                    using var trainer = new Trainer(kind, batchSize, data.TrainImages, data.TrainLabels);
                    var r = Compare(kind, trainer, reference, pairs);
                    Console.WriteLine(string.Create(invariant,
                        $"| {r.Model} | {r.BatchSize} | {r.MicrosecondsPerSample:F1} | {r.MicrosecondsPerSampleAt64:F1} | {r.Ratio:F3} | {r.RatioLow:F3}–{r.RatioHigh:F3} | {r.CpuRatio:F3} | {r.FaultsPerSample:F1} | {r.FaultsPerSampleAt64:F1} | {r.Pairs} |"));
                }
            }
        }

        private static BatchSizeResult Compare(string kind, Trainer trainer, Trainer reference, int pairs)
        {
            int samples = Math.Max(MinimumSamples, Math.Max(trainer.BatchSize, Reference));
            var costs = new List<(long Faults, double Processor)>();
            var referenceCosts = new List<(long Faults, double Processor)>();
            var r = Paired.Compare($"{kind}, batch {trainer.BatchSize}", $"batch {trainer.BatchSize}", () => costs.Add(trainer.Train(samples)),
                "batch 64", () => referenceCosts.Add(reference.Train(samples)), pairs);
            var (measured, referenceMeasured) = (costs.TakeLast(pairs).ToList(), referenceCosts.TakeLast(pairs).ToList());
            double perSample = 1000.0 / samples;
            return new BatchSizeResult(kind, trainer.BatchSize, r.MedianA * perSample, r.MedianB * perSample, r.MedianRatio, r.RatioLow,
                r.RatioHigh, Paired.Median(measured.Zip(referenceMeasured, (a, b) => a.Processor / b.Processor)),
                Paired.Median(measured.Select(c => (double)c.Faults)) / samples, Paired.Median(referenceMeasured.Select(c => (double)c.Faults)) / samples, pairs);
        }

        /// <summary>A model, its Adam and a shuffled walk over the training digits in batches of one size.</summary>
        private sealed class Trainer : IDisposable
        {
            private readonly Tensor _images, _labels;
            private readonly RnnModel _model;
            private readonly RnnOptimizer _adam;
            private readonly Generator _generator = new(7);
            private Tensor _order;
            private long _next;

            public Trainer(string kind, int batchSize, Tensor images, Tensor labels)
            {
                BatchSize = batchSize;
                (_images, _labels) = (images, labels);
                _model = TrainingBenchmarks.Generated(kind);
                _adam = Optimizers.Adam().Create(_model.named_parameters());
                _order = randperm(images.size(0), generator: _generator);
            }

            public int BatchSize { get; }

            /// <summary>
            /// Trains on <paramref name="samples"/> samples in steps of <see cref="BatchSize"/>; returns the minor page faults
            /// and the calling thread's processor seconds it took.
            /// </summary>
            public (long Faults, double Processor) Train(int samples)
            {
                long before = MinorFaults();
                double processor = Machine.ThreadProcessorSeconds();
                for (int done = 0; done < samples; done += BatchSize)
                {
                    if (_next + BatchSize > _order.size(0))
                    {
                        _order.Dispose();
                        _order = randperm(_images.size(0), generator: _generator);
                        _next = 0;
                    }
                    using var scope = NewDisposeScope();
                    var indices = _order.narrow(0, _next, BatchSize);
                    _next += BatchSize;
                    CrossEntropyStep.Run(_model, _adam, _images.index_select(0, indices), _labels.index_select(0, indices));
                }
                return (MinorFaults() - before, Machine.ThreadProcessorSeconds() - processor);
            }

            public void Dispose()
            {
                _order.Dispose();
                _generator.Dispose();
                _adam.Dispose();
                _model.Dispose();
            }
        }

        /// <summary>The process's minor page faults so far (Linux; 0 elsewhere).</summary>
        private static long MinorFaults()
        {
            try
            {
                string stat = File.ReadAllText("/proc/self/stat");
                // Fields after the command name, which is in parentheses and may contain spaces: state is field 3, minflt field 10.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return long.Parse(fields[7], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }
}
