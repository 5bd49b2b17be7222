using System;
using System.Collections.Generic;
using System.Globalization;
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

        public static IEnumerable<UtilisationResult> Run(IReadOnlyList<int> batchSizes, int pairs)
        {
            using var generator = new Generator(7);
            using var a = randn(new[] { GemmSize, GemmSize }, generator: generator);
            using var b = randn(new[] { GemmSize, GemmSize }, generator: generator);
            void Gemm()
            {
                using var product = a.mm(b);
            }
            foreach (int batchSize in batchSizes)
            {
                using var fixture = new StepFixture(batchSize, generator);
                // Repeat the step so both sides of a pair take a similar time (about one sgemm each).
                int repeat = Math.Max(1, 128 / batchSize);
                var r = Paired.Compare($"utilisation, batch {batchSize}", "step", fixture.Step, "sgemm", Gemm, pairs, warmup: 2, repeat: repeat);
                double stepFlops = StepFlopsPerSample * batchSize;
                double Utilisation(double ratio) => stepFlops / GemmFlops / ratio;
                yield return new UtilisationResult(batchSize, r.MedianA, r.MedianB, stepFlops / r.MedianA / 1e6, GemmFlops / r.MedianB / 1e6,
                    Utilisation(r.MedianRatio), Utilisation(r.RatioHigh), Utilisation(r.RatioLow), r.MedianA * 1000 / batchSize, pairs);
            }
        }

        /// <summary>
        /// The cost of Fit's per-step host reads: the step with the accuracy count (argmax, compare, sum) and the loss read
        /// every step, as Fit does, against the same step accumulating both in tensors (to be read once per epoch), paired.
        /// </summary>
        public static PairedResult HostReads(int batchSize, int pairs)
        {
            using var fixture = new StepFixture(batchSize);
            var (model, adam, x, y) = (fixture.Model, fixture.Adam, fixture.X, fixture.Y);
            double sink = 0;
            using var lossSum = zeros(1, dtype: ScalarType.Float64);
            using var correctSum = zeros(1, dtype: ScalarType.Float64);
            void Step(bool read)
            {
                using var scope = NewDisposeScope();
                adam.zero_grad();
                var outputs = model.call(x);
                var loss = nn.functional.cross_entropy(outputs, y);
                loss.backward();
                adam.step();
                var correct = outputs.detach().argmax(-1).eq(y).to_type(ScalarType.Float64).sum();
                if (read)
                {
                    // As Fit: values read through a disposed Scalar every step.
                    using (var value = loss.ToScalar()) sink += value.ToDouble();
                    using (var count = correct.ToScalar()) sink += count.ToDouble();
                }
                else
                {
                    // Accumulated where they are computed, to be read once per epoch.
                    lossSum.add_(loss.detach());
                    correctSum.add_(correct);
                }
            }
            int repeat = Math.Max(1, 256 / batchSize);
            var result = Paired.Compare($"Fit's metrics read every step / accumulated as tensors, batch {batchSize}", "read every step", () => Step(true),
                "accumulated", () => Step(false), pairs, warmup: 2, repeat: repeat);
            GC.KeepAlive(sink);
            return result;
        }

        /// <summary>
        /// The step with all the machine's cores as torch threads against one thread, paired (the thread count is set
        /// before each side; it is restored afterwards).
        /// </summary>
        public static PairedResult Threads(int batchSize, int pairs)
        {
            int threads = get_num_threads(), cores = Environment.ProcessorCount;
            using var fixture = new StepFixture(batchSize);
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
        public static PairedResult PerSampleAgainst64(int batchSize, int pairs)
        {
            using var fixture = new StepFixture(batchSize);
            using var x64 = fixture.X.narrow(0, 0, Math.Min(64, batchSize));
            using var y64 = fixture.Y.narrow(0, 0, Math.Min(64, batchSize));
            // Both sides process the same number of samples: one step at batchSize, batchSize/64 steps at 64.
            int steps64 = Math.Max(1, batchSize / 64);
            return Paired.Compare($"{batchSize} samples: 1 step at batch {batchSize} / {steps64} steps at batch 64", $"batch {batchSize}",
                fixture.Step, "batch 64", () => { for (int i = 0; i < steps64; i++) fixture.Step(x64, y64); }, pairs, warmup: 2);
        }

        /// <summary>
        /// What every measurement here times: a fresh <c>MnistRnn</c> (seed 1), its Adam, and one random batch
        /// <c>X</c> [batch, 28, 28], <c>Y</c> [batch] class ids, drawn from the given generator (or one seeded with 7).
        /// </summary>
        private sealed class StepFixture : IDisposable
        {
            private readonly Generator? ownGenerator;

            public StepFixture(int batchSize, Generator? generator = null)
            {
                if (generator is null) generator = ownGenerator = new Generator(7);
                Model = new MnistRnn(1);
                Adam = Optimizers.Adam().Create(Model.named_parameters());
                X = rand(new long[] { batchSize, Time, Inputs }, generator: generator);
                Y = randint(0, Classes, new long[] { batchSize }, generator: generator);
            }

            public MnistRnn Model { get; }
            public RnnOptimizer Adam { get; }
            public Tensor X { get; }
            public Tensor Y { get; }

            /// <summary>One training step (forward, cross-entropy, backward, Adam) on <see cref="X"/> and <see cref="Y"/>.</summary>
            public void Step() => Step(X, Y);

            /// <summary>One training step on another batch, in its own dispose scope.</summary>
            public void Step(Tensor input, Tensor labels)
            {
                using var scope = NewDisposeScope();
                Adam.zero_grad();
                nn.functional.cross_entropy(Model.call(input), labels).backward();
                Adam.step();
            }

            public void Dispose()
            {
                X.Dispose();
                Y.Dispose();
                Adam.Dispose();
                Model.Dispose();
                ownGenerator?.Dispose();
            }
        }

        /// <summary>Prints the Markdown table of <see cref="Run"/>.</summary>
        public static void Print(IReadOnlyList<int> batchSizes, int pairs)
        {
            var invariant = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(invariant,
                $"MnistRnn training step: {StepFlopsPerSample / 1e6:F2} MFLOP per sample (analytical); peak: sgemm {GemmSize}x{GemmSize}x{GemmSize}"));
            Console.WriteLine("| batch | step (ms) | µs per sample | step GFLOP/s | sgemm GFLOP/s | utilisation, paired median | interquartile | pairs |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var r in Run(batchSizes, pairs))
                Console.WriteLine(string.Create(invariant,
                    $"| {r.BatchSize} | {r.StepMilliseconds:F2} | {r.MicrosecondsPerSample:F1} | {r.StepGflops:F1} | {r.PeakGflops:F1} | {r.Utilisation:P1} | {r.UtilisationLow:P1}–{r.UtilisationHigh:P1} | {r.Pairs} |"));
            Console.WriteLine();
            Console.WriteLine("| comparison | A | B | median A (ms) | median B (ms) | paired ratio A/B, median | interquartile | pairs |");
            Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
            var extra = new List<PairedResult>();
            foreach (int batchSize in batchSizes)
                if (batchSize > 64) extra.Add(PerSampleAgainst64(batchSize, pairs));
            foreach (int batchSize in batchSizes) extra.Add(HostReads(batchSize, pairs));
            if (Environment.ProcessorCount > 1)
                foreach (int batchSize in batchSizes) extra.Add(Threads(batchSize, pairs));
            foreach (var r in extra)
                Console.WriteLine(string.Create(invariant,
                    $"| {r.Name} | {r.A} | {r.B} | {r.MedianA:F2} | {r.MedianB:F2} | {r.MedianRatio:F3} | {r.RatioLow:F3}–{r.RatioHigh:F3} | {r.Pairs} |"));
        }
    }
}
