using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Rnn.Runtime.Tests.LayerModules;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Onnx
{
    /// <summary>
    /// Inference latency of the seed model (SimpleRnn(128, Relu) → Dense(10) on [batch, 28, 28]) in ONNX Runtime and
    /// TorchSharp (eval, no_grad), paired and interleaved in one process, medians:
    /// <c>dotnet exec Rnn.Runtime.Tests.dll onnx-benchmark</c>. Not a test: timings go to the report, never to assertions.
    /// </summary>
    internal static class OnnxBenchmark
    {
        public const string Argument = "onnx-benchmark";

        public static int Run()
        {
            NativeSetup.EnsureLoaded();
            using var model = new ModuleModels.MnistRnn(1);
            model.eval();
            string path = Path.Combine(Path.GetTempPath(), "rnn-benchmark-" + Guid.NewGuid().ToString("N") + ".onnx");
            try
            {
                model.ExportOnnx(path);
                int defaultThreads = get_num_threads();
                foreach (int threads in new[] { defaultThreads, 1 }) // each library's default threads, then one thread each
                {
                    set_num_threads(threads);
                    using var options = new SessionOptions();
                    if (threads == 1) options.IntraOpNumThreads = 1;
                    using var session = new InferenceSession(path, options);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"torch threads {threads}, ONNX Runtime intra-op threads {(threads == 1 ? "1" : "default")}, cores {Environment.ProcessorCount}"));
                    foreach (var (batch, repeats) in new[] { (1L, 200), (256L, 30) }) Measure(model, session, batch, repeats);
                }
                set_num_threads(defaultThreads);
            }
            finally
            {
                File.Delete(path);
            }
            return 0;
        }

        private static void Measure(RnnModel model, InferenceSession session, long batch, int repeats)
        {
            using var g = LayerTesting.Seeded(9);
            using var x = rand(new[] { batch, 28, 28 }, generator: g);
            var torchTimes = new double[repeats];
            var onnxTimes = new double[repeats];
            double difference = 0;
            for (int i = -5; i < repeats; i++) // 5 warm-up rounds
            {
                bool torchFirst = i % 2 == 0; // alternate which runs first in each pair
                double t1 = 0, t2 = 0;
                if (torchFirst) { t1 = TimeTorch(model, x); t2 = TimeOnnx(session, x); }
                else { t2 = TimeOnnx(session, x); t1 = TimeTorch(model, x); }
                if (i < 0) continue;
                torchTimes[i] = t1;
                onnxTimes[i] = t2;
            }
            using (var scope = NewDisposeScope())
            using (no_grad())
                difference = LayerTesting.MaxDifference(model.Forward(x), OnnxTesting.Run(session, x));
            double torch = Median(torchTimes), onnx = Median(onnxTimes);
            var ratios = torchTimes.Zip(onnxTimes, (a, b) => a / b).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"batch {batch}: TorchSharp median {torch:F3} ms, ONNX Runtime median {onnx:F3} ms, median paired ratio TorchSharp/ONNX Runtime {Median(ratios):F2} ({repeats} pairs), max |difference| {difference:G3}"));
        }

        private static double TimeTorch(RnnModel model, Tensor x)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var watch = Stopwatch.StartNew();
            var output = model.Forward(x);
            output.data<float>()[0].ToString(CultureInfo.InvariantCulture);
            return watch.Elapsed.TotalMilliseconds;
        }

        private static double TimeOnnx(InferenceSession session, Tensor x)
        {
            using var scope = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            OnnxTesting.Run(session, x);
            return watch.Elapsed.TotalMilliseconds;
        }

        private static double Median(double[] values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }
}
