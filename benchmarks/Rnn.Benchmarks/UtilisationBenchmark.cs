using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MnistSample;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Benchmarks
{
    /// <summary>One batch size: the step's achieved FLOP/s against the machine's float32 matmul peak, measured paired.</summary>
    internal sealed record UtilisationResult(int BatchSize, double StepMilliseconds, double GemmMilliseconds, double StepGflops,
        double PeakGflops, double Utilisation, double UtilisationLow, double UtilisationHigh, double MicrosecondsPerSample, int Pairs);

    /// <summary>
    /// How much of the machine's float32 matmul peak the <c>MnistRnn</c> training step uses
    /// (<c>Rnn.Benchmarks utilisation [--batch-sizes 64,256] [--pairs N]</c>). Each pair times one training step
    /// (forward, loss, backward, Adam) and one large sgemm in the same process with the same thread count, so the
    /// ratio holds whatever the machine's speed at the time.
    /// </summary>
    /// <remarks>
    /// FLOPs are counted analytically per sample, with T = 28 steps, I = 28 inputs, H = 128 units, C = 10 classes:
    /// forward 2TIH (input projection) + 2THH (recurrence) + 2HC (Dense); backward 2TIH for the input weights only
    /// (no gradient flows into the data), 4THH (weights and state) and 4HC (weights and input). Element-wise work
    /// (bias, ReLU, Adam) is not counted, so the figure is a lower bound of the work done.
    /// </remarks>
    internal static class UtilisationBenchmark
    {
        private const long Time = 28, Inputs = 28, Units = 128, Classes = 10, GemmSize = 1024;

        /// <summary>Analytical FLOPs of one training step per sample (see the remarks of the class).</summary>
        public static double StepFlopsPerSample =>
            2.0 * (2 * Time * Inputs * Units) + 3.0 * (2 * Time * Units * Units) + 3.0 * (2 * Units * Classes);

        private static double GemmFlops => 2.0 * GemmSize * GemmSize * GemmSize;

        /// <summary>The step of <paramref name="fixture"/> against <paramref name="gemm"/> (one sgemm), paired.</summary>
        private static UtilisationResult Utilisation(StepFixture fixture, Action gemm, int pairs)
        {
            // Repeat the step so both sides of a pair take a similar time (about one sgemm each).
            int batchSize = fixture.BatchSize, repeat = Math.Max(1, 128 / batchSize);
            var r = Paired.Compare($"utilisation, batch {batchSize}", "step", fixture.Step, "sgemm", gemm, pairs, warmup: 2, repeat: repeat);
            double stepFlops = StepFlopsPerSample * batchSize;
            double Fraction(double ratio) => stepFlops / GemmFlops / ratio;
            return new UtilisationResult(batchSize, r.MedianA, r.MedianB, stepFlops / r.MedianA / 1e6, GemmFlops / r.MedianB / 1e6,
                Fraction(r.MedianRatio), Fraction(r.RatioHigh), Fraction(r.RatioLow), r.MedianA * 1000 / batchSize, pairs);
        }

        /// <summary>
        /// The cost of Fit's per-step host reads: the step with the accuracy count (argmax, compare, sum) and the loss read
        /// every step, as Fit does, against the same step accumulating both in tensors (to be read once per epoch), paired.
        /// </summary>
        private static PairedResult HostReads(StepFixture fixture, int pairs)
        {
            double sink = 0;
            using var lossSum = zeros(1, dtype: ScalarType.Float64);
            using var correctSum = zeros(1, dtype: ScalarType.Float64);
            Tensor Correct(Tensor outputs) => outputs.detach().argmax(-1).eq(fixture.Y).to_type(ScalarType.Float64).sum();
            // As Fit: values read through a disposed Scalar every step.
            Action<Tensor, Tensor> read = (outputs, loss) =>
            {
                using (var value = loss.ToScalar()) sink += value.ToDouble();
                using (var count = Correct(outputs).ToScalar()) sink += count.ToDouble();
            };
            // Accumulated where they are computed, to be read once per epoch.
            Action<Tensor, Tensor> accumulate = (outputs, loss) =>
            {
                lossSum.add_(loss.detach());
                correctSum.add_(Correct(outputs));
            };
            int batchSize = fixture.BatchSize, repeat = Math.Max(1, 256 / batchSize);
            var result = Paired.Compare($"Fit's metrics read every step / accumulated as tensors, batch {batchSize}", "read every step",
                () => fixture.Step(read), "accumulated", () => fixture.Step(accumulate), pairs, warmup: 2, repeat: repeat);
            GC.KeepAlive(sink);
            return result;
        }

        /// <summary>
        /// The step with all the machine's cores as torch threads against one thread, paired (the thread count is set
        /// before each side; it is restored afterwards).
        /// </summary>
        private static PairedResult Threads(StepFixture fixture, int pairs)
        {
            int threads = get_num_threads(), cores = Environment.ProcessorCount, batchSize = fixture.BatchSize;
            void Step(int count)
            {
                set_num_threads(count);
                fixture.Step();
            }
            try
            {
                return Paired.Compare($"step, {cores} torch threads / 1 thread, batch {batchSize}", $"{cores} threads", () => Step(cores),
                    "1 thread", () => Step(1), pairs, warmup: 2, repeat: Math.Max(1, 256 / batchSize));
            }
            finally
            {
                set_num_threads(threads);
            }
        }

        /// <summary>The step at <paramref name="batchSize"/> per sample against the step at 64 per sample, paired.</summary>
        private static PairedResult PerSampleAgainst64(StepFixture fixture, int pairs)
        {
            int batchSize = fixture.BatchSize;
            using var x64 = fixture.X.narrow(0, 0, Math.Min(64, batchSize));
            using var y64 = fixture.Y.narrow(0, 0, Math.Min(64, batchSize));
            // Both sides process the same number of samples: one step at batchSize, batchSize/64 steps at 64.
            int steps64 = Math.Max(1, batchSize / 64);
            return Paired.Compare($"{batchSize} samples: 1 step at batch {batchSize} / {steps64} steps at batch 64", $"batch {batchSize}",
                fixture.Step, "batch 64", () => { for (int i = 0; i < steps64; i++) CrossEntropyStep.Run(fixture.Model, fixture.Adam, x64, y64); },
                pairs, warmup: 2);
        }

        /// <summary>
        /// What every measurement of one batch size times, built once for all of them: an <c>MnistRnn</c> (seed 1; each
        /// measurement goes on training it), its Adam, and one random batch <c>X</c> [batch, 28, 28], <c>Y</c> [batch]
        /// class ids, drawn from a generator seeded with 7.
        /// </summary>
        private sealed class StepFixture : IDisposable
        {
            public StepFixture(int batchSize)
            {
                using var generator = new Generator(7);
                BatchSize = batchSize;
                Model = new MnistRnn(1);
                Adam = Optimizers.Adam().Create(Model.named_parameters());
                X = rand(new long[] { batchSize, Time, Inputs }, generator: generator);
                Y = randint(0, Classes, new long[] { batchSize }, generator: generator);
            }

            public int BatchSize { get; }
            public MnistRnn Model { get; }
            public RnnOptimizer Adam { get; }
            public Tensor X { get; }
            public Tensor Y { get; }

            /// <summary>One training step (forward, cross-entropy, backward, Adam) on <see cref="X"/> and <see cref="Y"/>.</summary>
            public void Step() => CrossEntropyStep.Run(Model, Adam, X, Y);

            /// <summary>The step, with <paramref name="inspect"/> seeing its outputs and loss.</summary>
            public void Step(Action<Tensor, Tensor> inspect) => CrossEntropyStep.Run(Model, Adam, X, Y, inspect);

            public void Dispose()
            {
                X.Dispose();
                Y.Dispose();
                Adam.Dispose();
                Model.Dispose();
            }
        }

        /// <summary>
        /// Prints the Markdown tables: the step's utilisation per batch size, then the other comparisons (per sample against
        /// batch 64, host reads, threads). Each batch size's fixture is built once and serves all its measurements.
        /// </summary>
        public static void Print(IReadOnlyList<int> batchSizes, int pairs)
        {
            var invariant = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(invariant,
                $"MnistRnn training step: {StepFlopsPerSample / 1e6:F2} MFLOP per sample (analytical); peak: sgemm {GemmSize}x{GemmSize}x{GemmSize}"));
            Console.WriteLine("| batch | step (ms) | µs per sample | step GFLOP/s | sgemm GFLOP/s | utilisation, paired median | interquartile | pairs |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            using var generator = new Generator(7);
            using var a = randn(new[] { GemmSize, GemmSize }, generator: generator);
            using var b = randn(new[] { GemmSize, GemmSize }, generator: generator);
            void Gemm()
            {
                using var product = a.mm(b);
            }
            var (perSample, hostReads, threads) = (new List<PairedResult>(), new List<PairedResult>(), new List<PairedResult>());
            foreach (int batchSize in batchSizes)
            {
                using var fixture = new StepFixture(batchSize);
                var r = Utilisation(fixture, Gemm, pairs);
                Console.WriteLine(string.Create(invariant,
                    $"| {r.BatchSize} | {r.StepMilliseconds:F2} | {r.MicrosecondsPerSample:F1} | {r.StepGflops:F1} | {r.PeakGflops:F1} | {r.Utilisation:P1} | {r.UtilisationLow:P1}–{r.UtilisationHigh:P1} | {r.Pairs} |"));
                if (batchSize > 64) perSample.Add(PerSampleAgainst64(fixture, pairs));
                hostReads.Add(HostReads(fixture, pairs));
                if (Environment.ProcessorCount > 1) threads.Add(Threads(fixture, pairs));
            }
            Console.WriteLine();
            Console.WriteLine("| comparison | A | B | median A (ms) | median B (ms) | paired ratio A/B, median | interquartile | pairs |");
            Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var r in perSample.Concat(hostReads).Concat(threads))
                Console.WriteLine(string.Create(invariant,
                    $"| {r.Name} | {r.A} | {r.B} | {r.MedianA:F2} | {r.MedianB:F2} | {r.MedianRatio:F3} | {r.RatioLow:F3}–{r.RatioHigh:F3} | {r.Pairs} |"));
        }
    }
}
