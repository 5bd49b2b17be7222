using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MnistSample;
using Rnn.Data;
using Rnn.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Benchmarks
{
    /// <summary>
    /// The checks of the GPU contract that CI cannot run (it has no GPU): each prints <c>PASS name: figures</c> or
    /// <c>FAIL name: why</c>. Run on the device machine by benchmarks/gpu/device.sh (<c>Rnn.Benchmarks gpu checks</c>).
    /// </summary>
    internal static class GpuChecks
    {
        private sealed class CheckFailed(string message) : Exception(message);

        /// <summary>Runs every check, writing one line each to <paramref name="output"/>; returns the number that failed.</summary>
        public static int Run(string dataDirectory, TextWriter output)
        {
            NativeSetup.EnsureLoaded();
            using var data = Mnist.Load(dataDirectory);
            var checks = new (string Name, Func<string> Run)[]
            {
                ("cuda is found", CudaIsFound),
                ("outputs match the cpu", () => OutputsMatchTheCpu(data.TestImages)),
                ("recurrent inference without autograd (no LSTM workaround on cuda)", InferenceWithoutAutograd),
                ("fit on host data and on device data", () => FitOnHostAndDeviceData(data.TrainImages, data.TrainLabels)),
                ("to(cpu) and back keeps weights and optimizer state", () => MovingKeepsTheState(data.TrainImages, data.TrainLabels)),
                ("weights files load across devices", () => WeightsFilesLoadAcrossDevices(data.TrainImages, data.TrainLabels)),
                ("onnx export from a gpu model", () => OnnxExport(data.TrainImages)),
                ("callbacks on cuda", () => Callbacks(data.TrainImages, data.TrainLabels)),
                ("masks, class weights and metrics match the cpu", MasksAndClassWeights),
                ("forward with state on cuda", () => ForwardWithState(data.TestImages)),
                ("generate on cuda writes the cpu's tokens", Generate),
                ("seq2seq fit and translate on cuda match the cpu", FitAndTranslate),
                ("backup and restore resumes to the bit", () => BackupAndRestoreResumes(data.TrainImages, data.TrainLabels)),
            };
            int failed = 0;
            foreach (var (name, run) in checks)
            {
                try
                {
                    output.WriteLine($"PASS {name}: {run()}");
                }
                catch (Exception e)
                {
                    failed++;
                    output.WriteLine($"FAIL {name}: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
                }
                output.Flush();
            }
            output.WriteLine($"checks: {checks.Length - failed} passed, {failed} failed");
            return failed;
        }

        private static void Require(bool condition, string message)
        {
            if (!condition) throw new CheckFailed(message);
        }

        private static string F(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

        /// <summary>The largest absolute difference, on the CPU.</summary>
        private static double MaxDifference(Tensor a, Tensor b)
        {
            using var scope = NewDisposeScope();
            return (a.detach().cpu().to_type(ScalarType.Float64) - b.detach().cpu().to_type(ScalarType.Float64)).abs().max().item<double>();
        }

        private static double MaxDifference(History a, History b) =>
            a.Metrics.Keys.Max(key => a[key].Zip(b[key]).Max(pair => Math.Abs(pair.First - pair.Second)));

        private static bool BitEqual(History a, History b) =>
            a.Metrics.Keys.SequenceEqual(b.Metrics.Keys) &&
            a.Metrics.Keys.All(key => a[key].Select(BitConverter.DoubleToInt64Bits).SequenceEqual(b[key].Select(BitConverter.DoubleToInt64Bits)));

        private static bool OnCuda(RnnModel model) => model.parameters().All(p => p.device_type == DeviceType.CUDA);

        private static RnnModel NewModel(string kind, long seed) => kind switch
        {
            "rnn" => new MnistRnn(seed),
            "lstm" => new MnistLstm(seed),
            "gru" => new MnistGru(seed),
            _ => new MnistStacked(seed),
        };

        private static string CudaIsFound()
        {
            int count = CudaDevices.Count();
            Require(count > 0, "TorchSharp finds no CUDA GPU");
            Require(ComputeDevice.Auto.ToTorchDevice().type == DeviceType.CUDA, "ComputeDevice.Auto did not choose CUDA");
            using var model = new MnistRnn(seed: 1).To(ComputeDevice.Auto);
            Require(model.ComputeDevice == ComputeDevice.Cuda && OnCuda(model), $"To(Auto) left the model on {model.ComputeDevice}");
            return $"{count} GPU(s); cuDNN {(cuda.is_cudnn_available() ? "available" : "missing")}";
        }

        /// <summary>Predict of every sample architecture on the GPU against the CPU: inputs on the host give outputs on the host, on the GPU outputs on the GPU.</summary>
        private static string OutputsMatchTheCpu(Tensor testImages)
        {
            using var x = testImages.narrow(0, 0, 512);
            var differences = new List<string>();
            foreach (string kind in new[] { "rnn", "lstm", "gru", "stacked" })
            {
                using var onCpu = NewModel(kind, seed: 1);
                using var onGpu = NewModel(kind, seed: 1).To(ComputeDevice.Cuda);
                using var expected = onCpu.Predict(x);
                using var fromHost = onGpu.Predict(x);
                using var xOnGpu = x.cuda();
                using var fromDevice = onGpu.Predict(xOnGpu);
                Require(fromHost.device_type == DeviceType.CPU, $"{kind}: Predict of host inputs returned {fromHost.device}");
                Require(fromDevice.device_type == DeviceType.CUDA, $"{kind}: Predict of device inputs returned {fromDevice.device}");
                double difference = Math.Max(MaxDifference(expected, fromHost), MaxDifference(expected, fromDevice));
                Require(difference <= 1e-4, $"{kind}: outputs differ from the CPU's by {F(difference)}");
                differences.Add($"{kind} {F(difference)}");
            }
            return "max |gpu - cpu|: " + string.Join(", ", differences);
        }

        /// <summary>
        /// Every recurrent kind on the GPU, as tests/Rnn.Runtime.Tests/Layers/InferenceModeTests does on the CPU: without
        /// autograd (cuDNN's inference path, taken since the LSTM workaround is CPU-only) as with it, and as the CPU.
        /// </summary>
        private static string InferenceWithoutAutograd()
        {
            double worstModes = 0, worstCpu = 0;
            foreach (string kind in new[] { "SimpleRnn", "Lstm", "Gru" })
            foreach (bool bidirectional in new[] { false, true })
            foreach (bool masked in new[] { false, true })
            {
                using var scope = NewDisposeScope();
                RecurrentLayer NewLayer()
                {
                    using var generator = new Generator(7);
                    return kind switch
                    {
                        "SimpleRnn" => new SimpleRnn("simple_rnn", 6, 8, Activation.Tanh, true, bidirectional, MergeMode.Concat, 0, generator),
                        "Lstm" => new Lstm("lstm", 6, 8, true, bidirectional, MergeMode.Concat, 0, generator),
                        _ => new Gru("gru", 6, 8, true, bidirectional, MergeMode.Concat, 0, generator),
                    };
                }
                using var cpuLayer = NewLayer();
                using var gpuLayer = NewLayer().to(CUDA);
                cpuLayer.eval();
                gpuLayer.eval();
                using var generator = new Generator(8);
                var x = randn(new long[] { 3, 5, 6 }, generator: generator);
                var mask = masked ? tensor(new[,] { { true, true, true, true, true }, { true, true, true, false, false }, { true, false, false, false, false } }) : null;
                var withGrad = gpuLayer.Forward(x.cuda(), mask?.cuda()).Output;
                Tensor withoutGrad, onCpu;
                using (no_grad())
                {
                    withoutGrad = gpuLayer.Forward(x.cuda(), mask?.cuda()).Output;
                    onCpu = cpuLayer.Forward(x, mask).Output;
                }
                double modes = MaxDifference(withGrad, withoutGrad), cpu = MaxDifference(onCpu, withoutGrad);
                string label = $"{kind} bidirectional={bidirectional} masked={masked}";
                Require(modes <= 1e-5, $"{label}: without autograd the GPU output differs by {F(modes)} from the output with autograd");
                Require(cpu <= 1e-4, $"{label}: the GPU output differs by {F(cpu)} from the CPU's");
                worstModes = Math.Max(worstModes, modes);
                worstCpu = Math.Max(worstCpu, cpu);
            }
            return $"12 cases; max |no_grad - autograd| {F(worstModes)}, max |gpu - cpu| {F(worstCpu)}";
        }

        /// <summary>Fit of host data (copied to the GPU once) and of data already there: the same history, on the GPU, with the device line first.</summary>
        private static string FitOnHostAndDeviceData(Tensor images, Tensor labels)
        {
            using var x = images.narrow(0, 0, 4096);
            using var y = labels.narrow(0, 0, 4096);
            using var fromHost = new MnistRnn(seed: 1).To(ComputeDevice.Cuda);
            var progress = new StringWriter { NewLine = "\n" };
            var hostHistory = fromHost.Fit(x, y, epochs: 2, batchSize: 128, seed: 1, verbose: 2, output: progress);
            using var fromDevice = new MnistRnn(seed: 1).To(ComputeDevice.Cuda);
            using var xOnGpu = x.cuda();
            using var yOnGpu = y.cuda();
            var deviceHistory = fromDevice.Fit(xOnGpu, yOnGpu, epochs: 2, batchSize: 128, seed: 1, verbose: 0);
            using var sourced = new MnistRnn(seed: 1).To(ComputeDevice.Cuda);
            var sourceHistory = sourced.Fit(DataSource.FromTensors(x, y, batchSize: 128, seed: 1), epochs: 2, verbose: 0);

            Require(progress.ToString().StartsWith("Training on cuda:0\n", StringComparison.Ordinal), $"the progress starts '{progress.ToString().Split('\n')[0]}'");
            Require(OnCuda(fromHost), "the model left the GPU");
            Require(hostHistory["loss"][1] < hostHistory["loss"][0] && hostHistory["accuracy"][1] > 0.5,
                $"training did not learn: loss {F(hostHistory["loss"][0])} then {F(hostHistory["loss"][1])}, accuracy {F(hostHistory["accuracy"][1])}");
            double difference = Math.Max(MaxDifference(hostHistory, deviceHistory), MaxDifference(hostHistory, sourceHistory));
            Require(difference <= 1e-5, $"host and device data trained differently: history differs by {F(difference)}");
            return $"loss {F(hostHistory["loss"][0])} → {F(hostHistory["loss"][1])}, accuracy {F(hostHistory["accuracy"][1])}; " +
                   $"host vs device data vs DataSource: max history difference {F(difference)} (bit-equal: {BitEqual(hostHistory, deviceHistory)})";
        }

        /// <summary>A trained model moved to the CPU and back keeps its weights, Adam's state and step count, and trains on as a twin that never moved.</summary>
        private static string MovingKeepsTheState(Tensor images, Tensor labels)
        {
            using var x = images.narrow(0, 0, 2048).cuda();
            using var y = labels.narrow(0, 0, 2048).cuda();
            using var moved = new MnistLstm(seed: 1).To(ComputeDevice.Cuda);
            using var stayed = new MnistLstm(seed: 1).To(ComputeDevice.Cuda);
            moved.Fit(x, y, epochs: 1, batchSize: 128, seed: 1, verbose: 0);
            stayed.Fit(x, y, epochs: 1, batchSize: 128, seed: 1, verbose: 0);
            var before = moved.parameters().Select(p => p.detach().cpu()).ToList();
            long steps = moved.CompiledSetup().GetOptimizer(moved).Iterations;

            moved.To(ComputeDevice.Cpu);
            var optimizer = moved.CompiledSetup().GetOptimizer(moved);
            Require(moved.ComputeDevice == ComputeDevice.Cpu && moved.parameters().All(p => p.device_type == DeviceType.CPU), "To(Cpu) left weights on the GPU");
            Require(optimizer.State.All(s => s.Value.device_type == DeviceType.CPU), "To(Cpu) left optimizer state on the GPU");
            Require(optimizer.Iterations == steps, $"the step count went from {steps} to {optimizer.Iterations}");
            Require(moved.parameters().Zip(before).All(p => MaxDifference(p.First, p.Second) == 0), "the weights changed on the way");
            moved.To(ComputeDevice.Cuda);
            Require(OnCuda(moved) && moved.CompiledSetup().GetOptimizer(moved).State.All(s => s.Value.device_type == DeviceType.CUDA), "To(Cuda) left something on the CPU");

            var movedHistory = moved.Fit(x, y, epochs: 1, batchSize: 128, seed: 2, verbose: 0);
            var stayedHistory = stayed.Fit(x, y, epochs: 1, batchSize: 128, seed: 2, verbose: 0);
            double difference = MaxDifference(movedHistory, stayedHistory);
            Require(difference <= 1e-6, $"after the round trip, training differs from a twin's by {F(difference)}");
            return $"{before.Count} weights and {optimizer.State.Count} state tensors kept; next epoch vs twin: {F(difference)} (bit-equal: {BitEqual(movedHistory, stayedHistory)})";
        }

        /// <summary>Weights saved from the GPU in each format load into a CPU model and into another GPU model, with the same outputs.</summary>
        private static string WeightsFilesLoadAcrossDevices(Tensor images, Tensor labels)
        {
            string folder = Directory.CreateTempSubdirectory("rnn-gpu-weights-").FullName;
            try
            {
                using var trained = new MnistGru(seed: 1).To(ComputeDevice.Cuda);
                trained.Fit(images.narrow(0, 0, 1024), labels.narrow(0, 0, 1024), epochs: 1, batchSize: 128, seed: 1, verbose: 0);
                using var x = images.narrow(0, 0, 256);
                using var expected = trained.Predict(x);
                var results = new List<string>();
                foreach (string extension in new[] { ".weights", ".pt", ".safetensors" })
                {
                    string path = Path.Combine(folder, "gru" + extension);
                    trained.SaveWeights(path);
                    using var onCpu = new MnistGru(seed: 2);
                    onCpu.LoadWeights(path);
                    using var onGpu = new MnistGru(seed: 3).To(ComputeDevice.Cuda);
                    onGpu.LoadWeights(path);
                    using var cpuOutput = onCpu.Predict(x);
                    using var gpuOutput = onGpu.Predict(x);
                    double cpu = MaxDifference(expected, cpuOutput), gpu = MaxDifference(expected, gpuOutput);
                    Require(cpu <= 1e-4 && gpu == 0, $"{extension}: the loaded models' outputs differ by {F(cpu)} (CPU) and {F(gpu)} (GPU)");
                    Require(OnCuda(onGpu), $"{extension}: loading moved the GPU model's weights off the GPU");
                    results.Add($"{extension} cpu {F(cpu)}");
                }
                return string.Join(", ", results) + "; gpu 0";
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>ONNX export of a GPU model writes the same file as the export of the same weights on the CPU.</summary>
        private static string OnnxExport(Tensor images)
        {
            string folder = Directory.CreateTempSubdirectory("rnn-gpu-onnx-").FullName;
            try
            {
                using var onGpu = new MnistLstm(seed: 1).To(ComputeDevice.Cuda);
                using var onCpu = new MnistLstm(seed: 1);
                string gpuPath = Path.Combine(folder, "gpu.onnx"), cpuPath = Path.Combine(folder, "cpu.onnx");
                onGpu.ExportOnnx(gpuPath);
                onCpu.ExportOnnx(cpuPath);
                Require(File.ReadAllBytes(gpuPath).AsSpan().SequenceEqual(File.ReadAllBytes(cpuPath)), "the GPU model's ONNX file differs from the CPU model's");
                Require(OnCuda(onGpu), "the export moved the model off the GPU");
                return $"{new FileInfo(gpuPath).Length} bytes, identical to the CPU export";
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>EarlyStopping with the best weights, ModelCheckpoint, ReduceLROnPlateau and CSVLogger on a GPU model.</summary>
        private static string Callbacks(Tensor images, Tensor labels)
        {
            string folder = Directory.CreateTempSubdirectory("rnn-gpu-callbacks-").FullName;
            try
            {
                using var model = new MnistRnn(seed: 1).To(ComputeDevice.Cuda);
                string best = Path.Combine(folder, "best.weights"), log = Path.Combine(folder, "log.csv");
                var history = model.Fit(images.narrow(0, 0, 2048), labels.narrow(0, 0, 2048), epochs: 4, batchSize: 128, validationSplit: 0.25, seed: 1,
                    verbose: 0, callbacks: new Callback[]
                    {
                        new EarlyStopping(patience: 1, restoreBestWeights: true), new ModelCheckpoint(best), new ReduceLROnPlateau(patience: 1),
                        new CSVLogger(log),
                    });
                Require(OnCuda(model), "a callback moved the weights off the GPU");
                using var fromFile = new MnistRnn(seed: 2);
                fromFile.LoadWeights(best);
                using var x = images.narrow(0, 1536, 512);
                using var expected = model.Predict(x);
                using var loaded = fromFile.Predict(x);
                double difference = MaxDifference(expected, loaded);
                Require(difference <= 1e-4, $"the best checkpoint and the restored best weights differ by {F(difference)}");
                Require(File.ReadAllLines(log).Length == history.Epochs.Count + 1, "the CSV log does not hold every epoch");
                return $"{history.Epochs.Count} epochs, best val_loss {F(history["val_loss"].Min())}, checkpoint vs restored weights {F(difference)}";
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>Right-padded token sequences (a mask), per-step targets, class weights and accuracy: the GPU as the CPU.</summary>
        private static string MasksAndClassWeights()
        {
            using var generator = new Generator(3);
            using var scope = NewDisposeScope();
            var ids = randint(1, 30, new long[] { 256, 12 }, generator: generator);
            var lengths = randint(1, 13, new long[] { 256, 1 }, generator: generator);
            var x = ids.where(arange(12).unsqueeze(0).lt(lengths), zeros_like(ids)); // zeros after each sequence's length
            var y = randint(0, 5, new long[] { 256, 12 }, generator: generator);
            var weights = new Dictionary<int, double> { [0] = 2.0, [3] = 0.5 };
            using var onCpu = new GpuTagger(seed: 1);
            using var onGpu = new GpuTagger(seed: 1).To(ComputeDevice.Cuda);
            var cpuHistory = onCpu.Fit(x, y, epochs: 2, batchSize: 32, validationSplit: 0.25, seed: 1, verbose: 0, classWeight: weights);
            var gpuHistory = onGpu.Fit(x, y, epochs: 2, batchSize: 32, validationSplit: 0.25, seed: 1, verbose: 0, classWeight: weights);
            double difference = MaxDifference(cpuHistory, gpuHistory);
            Require(difference <= 1e-4, $"the GPU's history differs from the CPU's by {F(difference)}");
            var cpuEvaluation = onCpu.Evaluate(x, y);
            var gpuEvaluation = onGpu.Evaluate(x, y);
            double evaluation = Math.Max(Math.Abs(cpuEvaluation.Loss - gpuEvaluation.Loss), Math.Abs(cpuEvaluation.Accuracy - gpuEvaluation.Accuracy));
            Require(evaluation <= 1e-4, $"Evaluate differs by {F(evaluation)}");
            return $"history max |gpu - cpu| {F(difference)}, Evaluate {F(evaluation)}";
        }

        /// <summary>The generated ForwardWithState and InitialState on the GPU, against the CPU.</summary>
        private static string ForwardWithState(Tensor testImages)
        {
            using var scope = NewDisposeScope();
            using var onCpu = new MnistStacked(seed: 1);
            using var onGpu = new MnistStacked(seed: 1).To(ComputeDevice.Cuda);
            var x = testImages.narrow(0, 0, 16);
            var initial = onGpu.InitialState(16);
            Require(initial.Layers.SelectMany(l => l.Tensors).All(t => t.device_type == DeviceType.CUDA), "InitialState is not on the GPU");
            var (gpuOutput, gpuState) = onGpu.ForwardWithState(x.cuda(), initial);
            var (cpuOutput, cpuState) = onCpu.ForwardWithState(x, onCpu.InitialState(16));
            var (again, _) = onGpu.ForwardWithState(x.narrow(0, 0, 16).cuda(), gpuState); // carry the state on
            double output = MaxDifference(cpuOutput, gpuOutput);
            double state = gpuState.Layers.SelectMany(l => l.Tensors).Zip(cpuState.Layers.SelectMany(l => l.Tensors)).Max(p => MaxDifference(p.First, p.Second));
            Require(output <= 1e-4 && state <= 1e-4, $"output differs by {F(output)}, state by {F(state)}");
            Require(again.device_type == DeviceType.CUDA, "the carried-on output is not on the GPU");
            return $"output {F(output)}, state {F(state)}";
        }

        /// <summary>
        /// Generate of the same language model on the GPU and the CPU, from prompts of different lengths: greedy, and
        /// sampled with a seed (drawn by a CPU generator on both devices), give the same tokens. A greedy row may part
        /// only at a near tie: where the CPU's two best scores for the next token are within <see cref="TieMargin"/>.
        /// </summary>
        private static string Generate()
        {
            using var onCpu = new GpuLanguageModel(seed: 1);
            using var onGpu = new GpuLanguageModel(seed: 1).To(ComputeDevice.Cuda);
            var prompts = new[] { new long[] { 3, 7, 11 }, new long[] { 5 }, new long[] { 9, 1, 30, 2, 17 } };
            var results = new List<string>();
            foreach (var (name, sampling) in new[] { ("greedy", Sampling.Greedy), ("top-p 0.9 seed 5", Sampling.TopP(0.9, seed: 5)) })
            {
                var cpuTokens = onCpu.Generate(prompts, 60, sampling);
                var gpuTokens = onGpu.Generate(prompts, 60, sampling);
                int ties = 0;
                for (int row = 0; row < prompts.Length; row++)
                {
                    int step = FirstDifference(cpuTokens[row], gpuTokens[row]);
                    if (step < 0) continue;
                    double margin = sampling == Sampling.Greedy ? TopTwoMargin(onCpu, prompts[row].Concat(cpuTokens[row].Take(step)).ToArray()) : double.NaN;
                    Require(margin <= TieMargin,
                        $"{name}: row {row} parts at new token {step} (cpu {cpuTokens[row][step]}, gpu {gpuTokens[row][step]}; cpu's top-two margin there {F(margin)})");
                    ties++;
                }
                Require(OnCuda(onGpu), $"{name}: Generate moved the model off the GPU");
                results.Add($"{name} {cpuTokens.Sum(t => t.Length)} tokens, rows equal {prompts.Length - ties}/{prompts.Length} (others part at a near tie)");
            }
            return string.Join(", ", results);
        }

        /// <summary>How close two best scores may be for the devices to pick differently: float32 sums differ in the last bits.</summary>
        private const double TieMargin = 1e-4;

        /// <summary>The index of the first token where <paramref name="a"/> and <paramref name="b"/> differ (one ending counts), or -1 when they are equal.</summary>
        private static int FirstDifference(long[] a, long[] b)
        {
            int common = Math.Min(a.Length, b.Length);
            for (int i = 0; i < common; i++)
            {
                if (a[i] != b[i]) return i;
            }
            return a.Length == b.Length ? -1 : common;
        }

        /// <summary>The gap between the two best scores of the next token after <paramref name="tokens"/>, by the full forward of the model.</summary>
        private static double TopTwoMargin(RnnModel model, long[] tokens)
        {
            using var scope = NewDisposeScope();
            var scores = model.Predict(tensor(tokens, new long[] { 1, tokens.Length }));
            return TopTwoMargin(scores.select(1, -1).squeeze(0));
        }

        private static double TopTwoMargin(Tensor scores)
        {
            using var scope = NewDisposeScope();
            var (sorted, _) = scores.sort(-1, descending: true);
            return (sorted[0] - sorted[1]).item<float>();
        }

        /// <summary>
        /// A Seq2Seq model with attention trained on the GPU and on the CPU (reversing sequences of 2 to 6 symbols):
        /// histories within 1e-4, then Translate, greedy and with a beam of 4, of the same weights on both devices, the
        /// GPU's from sources on the host and on the GPU. A translation may part only at a near tie (<see cref="TieMargin"/>):
        /// greedy, where the CPU's two best scores for the next token are that close; in the beam, where the CPU scores both
        /// whole translations that close.
        /// </summary>
        private static string FitAndTranslate()
        {
            using var scope = NewDisposeScope();
            var random = new Random(4);
            var sources = Enumerable.Range(0, 1024).Select(_ => Enumerable.Range(0, random.Next(2, 7)).Select(_ => (long)random.Next(3, 12)).ToArray()).ToArray();
            var targets = sources.Select(s => s.Reverse().ToArray()).ToArray();
            var source = Padded(sources, 7);
            var targetInput = Padded(targets.Select(t => new long[] { 1 }.Concat(t).ToArray()).ToArray(), 7);
            var target = Padded(targets.Select(t => t.Concat(new long[] { 2 }).ToArray()).ToArray(), 7);
            using var onCpu = new GpuTranslator(seed: 1);
            using var onGpu = new GpuTranslator(seed: 1);
            onGpu.To(ComputeDevice.Cuda);
            onCpu.Compile(optimizer: Optimizers.Adam(0.005));
            onGpu.Compile(optimizer: Optimizers.Adam(0.005));
            var cpuHistory = onCpu.Fit((source, targetInput), target, epochs: 3, batchSize: 32, seed: 1, verbose: 0);
            var gpuHistory = onGpu.Fit((source, targetInput), target, epochs: 3, batchSize: 32, seed: 1, verbose: 0);
            double difference = MaxDifference(cpuHistory, gpuHistory);
            Require(difference <= 1e-4, $"the GPU's history differs from the CPU's by {F(difference)}");

            CopyWeights(onGpu, onCpu); // the same weights on both devices for the decoding comparison
            var test = source.narrow(0, 0, 64);
            var results = new List<string>();
            foreach (int beam in new[] { 1, 4 })
            {
                var cpuTranslations = onCpu.Translate(test, maxLength: 8, startToken: 1, endToken: 2, beamWidth: beam);
                var fromHost = onGpu.Translate(test, maxLength: 8, startToken: 1, endToken: 2, beamWidth: beam);
                var gpuTranslations = onGpu.Translate(test.cuda(), maxLength: 8, startToken: 1, endToken: 2, beamWidth: beam);
                Require(fromHost.Zip(gpuTranslations).All(pair => pair.First.SequenceEqual(pair.Second)), $"beam {beam}: sources on the host and on the GPU translate differently");
                int ties = 0;
                for (int i = 0; i < test.size(0); i++)
                {
                    int step = FirstDifference(cpuTranslations[i], gpuTranslations[i]);
                    if (step < 0) continue;
                    double gap = beam == 1
                        ? TopTwoMargin(onCpu, sources[i], cpuTranslations[i].Take(step).ToArray())
                        : Math.Abs(LogProbability(onCpu, sources[i], cpuTranslations[i]) - LogProbability(onCpu, sources[i], gpuTranslations[i]));
                    Require(gap <= TieMargin, $"beam {beam}: source {i} translates differently from step {step} (cpu [{string.Join(" ", cpuTranslations[i])}], gpu [{string.Join(" ", gpuTranslations[i])}]; gap {F(gap)})");
                    ties++;
                }
                int right = gpuTranslations.Select((t, i) => t.SequenceEqual(targets[i])).Count(ok => ok);
                results.Add($"beam {beam}: {64 - ties}/64 equal (others part at a near tie), {right} reversed right");
            }
            Require(OnCuda(onGpu), "Translate moved the model off the GPU");
            return $"loss {F(gpuHistory["loss"][0])} → {F(gpuHistory["loss"][^1])}, history max |gpu - cpu| {F(difference)}; " + string.Join("; ", results);
        }

        /// <summary>Sequences right-padded with 0 to <paramref name="width"/>, int64 [n, width].</summary>
        private static Tensor Padded(long[][] rows, int width)
        {
            var ids = new long[rows.Length * width];
            for (int i = 0; i < rows.Length; i++) Array.Copy(rows[i], 0, ids, i * width, rows[i].Length);
            return tensor(ids, new long[] { rows.Length, width });
        }

        /// <summary>The decoder's scores for each step of the start token then <paramref name="prefix"/>, teacher-forced on <paramref name="source"/>: [1 + prefix, vocabulary].</summary>
        private static Tensor DecoderScores(Seq2SeqModel model, long[] source, long[] prefix)
        {
            model.eval();
            using var noGrad = no_grad();
            var input = new long[] { 1 }.Concat(prefix).ToArray();
            return model.Forward(tensor(source, new long[] { 1, source.Length }), tensor(input, new long[] { 1, input.Length })).squeeze(0);
        }

        /// <summary>The gap between the decoder's two best scores for the token after <paramref name="prefix"/>.</summary>
        private static double TopTwoMargin(Seq2SeqModel model, long[] source, long[] prefix)
        {
            using var scope = NewDisposeScope();
            return TopTwoMargin(DecoderScores(model, source, prefix)[-1]);
        }

        /// <summary>The sum of the log-probabilities of <paramref name="translation"/>'s tokens and the end token, as the beam scores it.</summary>
        private static double LogProbability(Seq2SeqModel model, long[] source, long[] translation)
        {
            using var scope = NewDisposeScope();
            var logProbabilities = DecoderScores(model, source, translation).log_softmax(-1);
            var next = tensor(translation.Append(2L).ToArray()).unsqueeze(1);
            return logProbabilities.gather(1, next).sum().item<float>();
        }

        /// <summary>Copies <paramref name="from"/>'s weights into <paramref name="to"/> through a weights file in a temporary folder.</summary>
        private static void CopyWeights(RnnModel from, RnnModel to)
        {
            string folder = Directory.CreateTempSubdirectory("rnn-gpu-weights-").FullName;
            try
            {
                string path = Path.Combine(folder, "model.weights");
                from.SaveWeights(path);
                to.LoadWeights(path);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>
        /// BackupAndRestore on the GPU with dropout: a run stopped after 2 of 4 epochs and resumed (with another global
        /// seed, which the checkpoint replaces) gives the uninterrupted run's history and weights to the bit.
        /// </summary>
        private static string BackupAndRestoreResumes(Tensor images, Tensor labels)
        {
            string folder = Directory.CreateTempSubdirectory("rnn-gpu-backup-").FullName;
            using var x = images.narrow(0, 0, 2048);
            using var y = labels.narrow(0, 0, 2048);
            (History History, List<Tensor> Weights) Train(int epochs, string run, bool keep, long globalSeed)
            {
                manual_seed(globalSeed);
                using var model = new DropoutLstm(seed: 1).To(ComputeDevice.Cuda);
                var callbacks = new Callback[] { new BackupAndRestore(Path.Combine(folder, run), deleteCheckpoint: !keep) };
                var history = model.Fit(x, y, epochs: epochs, batchSize: 128, seed: 1, verbose: 0, callbacks: callbacks);
                return (history, model.parameters().Select(p => p.detach().cpu()).ToList());
            }
            try
            {
                var full = Train(4, "full", keep: false, globalSeed: 7);
                var again = Train(4, "again", keep: false, globalSeed: 7);
                Train(2, "resumed", keep: true, globalSeed: 7); // "crashes" after 2 epochs, its checkpoint kept
                var resumed = Train(4, "resumed", keep: false, globalSeed: 99);
                bool Same((History History, List<Tensor> Weights) a, (History History, List<Tensor> Weights) b) =>
                    BitEqual(a.History, b.History) && a.Weights.Zip(b.Weights).All(p => MaxDifference(p.First, p.Second) == 0);
                Require(Same(full, again), $"two uninterrupted runs differ (history by {F(MaxDifference(full.History, again.History))}): CUDA training is not repeatable, so no resume can be exact");
                Require(Same(full, resumed), $"the resumed run differs from the uninterrupted one (history by {F(MaxDifference(full.History, resumed.History))})");
                return $"4 epochs with dropout: the resumed run equals the uninterrupted one to the bit (loss {F(full.History["loss"][^1])})";
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
