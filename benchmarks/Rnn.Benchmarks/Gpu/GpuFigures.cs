using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using MnistSample;
using Rnn.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Benchmarks
{
    /// <summary>
    /// The GPU figures of issue 18, printed as <c>figure name: value</c> lines: the Keras tutorial's recipe through Fit
    /// against hand-written TorchSharp loops, and the MNIST sample's time to 97% test accuracy. Run on the device machine by
    /// benchmarks/gpu/device.sh, which also records the peak GPU memory of each run (nvidia-smi).
    /// </summary>
    internal static class GpuFigures
    {
        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        /// <summary>
        /// The tutorial's recipe: 60,000 samples (the shipped 10,000 digits six times), batch 64, 5 epochs, Adam(1e-3),
        /// SimpleRNN(128, relu) → Dense(10). Fit with the data on the host (copied to the GPU once) and on the GPU, against a
        /// hand-written loop over data on the GPU, with TorchSharp's Adam and with Rnn's. Each after a warm-up epoch.
        /// </summary>
        public static void Tutorial(string dataDirectory, TextWriter output)
        {
            NativeSetup.EnsureLoaded();
            var device = ComputeDevice.Cuda.ToTorchDevice();
            using var data = Mnist.Load(dataDirectory);
            using var x = cat(Enumerable.Repeat(data.TrainImages, 6).ToArray(), 0);
            using var y = cat(Enumerable.Repeat(data.TrainLabels, 6).ToArray(), 0);
            using var xOnGpu = x.to(device);
            using var yOnGpu = y.to(device);
            output.WriteLine($"tutorial recipe: {x.size(0)} samples, batch 64, 5 epochs, Adam(1e-3), MnistRnn on {device}");

            double fitHost = TimeFit(x, y), fitDevice = TimeFit(xOnGpu, yOnGpu);
            double handTorch = TimeHandWritten(xOnGpu, yOnGpu, device, rnnAdam: false);
            double handRnn = TimeHandWritten(xOnGpu, yOnGpu, device, rnnAdam: true);
            Print(output, "tutorial Fit, data on the host (s)", fitHost);
            Print(output, "tutorial Fit, data on the GPU (s)", fitDevice);
            Print(output, "tutorial hand-written loop, TorchSharp's Adam (s)", handTorch);
            Print(output, "tutorial hand-written loop, Rnn's Adam (s)", handRnn);
            Print(output, "tutorial Fit (host data) / hand-written with TorchSharp's Adam", fitHost / handTorch);
            Print(output, "tutorial Fit (host data) / hand-written with Rnn's Adam", fitHost / handRnn);
        }

        /// <summary>Seconds of <c>Fit(x, y, epochs: 5, batchSize: 64)</c>, after a warm-up epoch on a tenth of the data.</summary>
        private static double TimeFit(Tensor x, Tensor y)
        {
            using var model = new MnistRnn(seed: 1).To(ComputeDevice.Cuda);
            model.Compile(optimizer: Optimizers.Adam(1e-3));
            model.Fit(x.narrow(0, 0, 6400), y.narrow(0, 0, 6400), epochs: 1, batchSize: 64, seed: 1, verbose: 0);
            cuda.synchronize();
            var clock = Stopwatch.StartNew();
            model.Fit(x, y, epochs: 5, batchSize: 64, seed: 1, verbose: 0);
            cuda.synchronize();
            return clock.Elapsed.TotalSeconds;
        }

        /// <summary>
        /// Seconds of the plain TorchSharp loop a user would write: a new permutation on the GPU each epoch, index_select,
        /// zero_grad, forward, cross-entropy, backward, step; no value read back. After a warm-up epoch on a tenth of the data.
        /// </summary>
        private static double TimeHandWritten(Tensor x, Tensor y, Device device, bool rnnAdam)
        {
            using var model = new HandWrittenModel("rnn").to(device);
            using var rnnOptimizer = rnnAdam ? Optimizers.Adam(1e-3).Create(model.named_parameters()) : null;
            var torchOptimizer = rnnAdam ? null : optim.Adam(model.parameters(), lr: 1e-3);
            void Epochs(long samples, int epochs)
            {
                for (int epoch = 0; epoch < epochs; epoch++)
                {
                    using var order = randperm(samples, device: device);
                    for (long start = 0; start < samples; start += 64)
                    {
                        using var scope = NewDisposeScope();
                        var indices = order.narrow(0, start, Math.Min(64, samples - start));
                        var batchX = x.index_select(0, indices);
                        var batchY = y.index_select(0, indices);
                        if (rnnOptimizer is not null)
                        {
                            CrossEntropyStep.Run(model, rnnOptimizer, batchX, batchY);
                            continue;
                        }
                        torchOptimizer!.zero_grad();
                        var loss = nn.functional.cross_entropy(model.call(batchX), batchY);
                        loss.backward();
                        torchOptimizer.step();
                    }
                }
            }
            Epochs(6400, 1);
            cuda.synchronize();
            var clock = Stopwatch.StartNew();
            Epochs(x.size(0), 5);
            cuda.synchronize();
            return clock.Elapsed.TotalSeconds;
        }

        /// <summary>
        /// The MNIST sample's recipe on the GPU (its defaults, or the batch size, learning rate and epochs given): the digits,
        /// their distortions and the batches on the GPU; training time per epoch (validation included, as the sample counts
        /// it) and the test accuracy after each epoch (evaluated off the clock), and the training time to 97%.
        /// </summary>
        public static void MnistRecipe(string dataDirectory, int? batchSize, double? learningRate, int? epochs, TextWriter output)
        {
            NativeSetup.EnsureLoaded();
            var options = new MnistOptions(BatchSize: batchSize, LearningRate: learningRate, Epochs: epochs, Device: "cuda").WithModelDefaults();
            using var model = new MnistRnn(options.Seed).To(ComputeDevice.Cuda);
            using var data = Mnist.Load(dataDirectory);
            using var digits = new PlacedDigits(data, options, model.ComputeDevice.ToTorchDevice());
            using var sets = TrainingSets.Create(options, digits.FitImages, digits.FitLabels);
            int epochCount = options.Epochs!.Value;
            var clock = new TestAccuracyClock(digits.TestImages, digits.TestLabels);
            output.WriteLine(string.Create(Invariant,
                $"mnist recipe: {options.Model}, batch {options.BatchSize}, peak rate {options.LearningRate}, {epochCount} epochs, {sets.Count} samples per epoch ({sets.Description})"));
            MnistRun.Train(model, options, sets, digits.Validation, output, verbose: 0, extra: clock);
            foreach (var (epoch, seconds, accuracy) in clock.Epochs)
                output.WriteLine(string.Create(Invariant, $"mnist epoch {epoch + 1}: {seconds:F2} s of training so far, test accuracy {accuracy:F4}"));
            string tag = $"mnist batch {options.BatchSize}";
            var reached = clock.Epochs.FirstOrDefault(e => e.Accuracy >= 0.97);
            output.WriteLine(reached.Seconds > 0
                ? string.Create(Invariant, $"figure {tag}, time to 97% test accuracy (s): {reached.Seconds:F2} (after epoch {reached.Epoch + 1})")
                : $"figure {tag}, time to 97% test accuracy (s): not reached in {epochCount} epochs");
            Print(output, $"{tag}, final test accuracy", clock.Epochs[^1].Accuracy);
            Print(output, $"{tag}, training time (s)", clock.Epochs[^1].Seconds);
        }

        private static void Print(TextWriter output, string name, double value) =>
            output.WriteLine(string.Create(Invariant, $"figure {name}: {value:F3}"));

        /// <summary>Times each epoch (validation included) and evaluates the test digits after it, off the clock.</summary>
        private sealed class TestAccuracyClock(Tensor images, Tensor labels) : Callback
        {
            private readonly Stopwatch _clock = new();

            public List<(int Epoch, double Seconds, double Accuracy)> Epochs { get; } = new();

            public override void OnEpochBegin(int epoch) => _clock.Start();

            public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
            {
                _clock.Stop(); // the logs were read: the epoch's steps are done
                var (_, accuracy) = Model!.Evaluate(images, labels, batchSize: 1000);
                Epochs.Add((epoch, _clock.Elapsed.TotalSeconds, accuracy));
            }
        }
    }
}
