using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Rnn;
using Rnn.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistSample
{
    /// <summary>
    /// The Keras tutorial "RNN on MNIST" in C#: each 28x28 image is read as 28 time steps of 28 features. Holds out part
    /// of the training digits for validation, trains with augmented copies and a one-cycle schedule, and touches the test
    /// digits once, after training.
    /// </summary>
    public static class MnistRun
    {
        /// <summary>Runs the sample with <paramref name="options"/> (defaults filled in), writing its report to <paramref name="output"/>.</summary>
        /// <exception cref="IOException">The data cannot be read.</exception>
        /// <exception cref="InvalidDataException">The data files are not valid MNIST IDX files.</exception>
        public static void Run(MnistOptions options, TextWriter output)
        {
            string dataDirectory = options.Data ?? Mnist.FindSampleDirectory();
            using var data = Mnist.Load(dataDirectory);
            output.WriteLine($"data: {data.TrainLabels.size(0):N0} training and {data.TestLabels.size(0):N0} test digits from {dataDirectory}");
            using var model = CreateModel(options).To(ComputeDevice.Parse(options.Device));
            output.WriteLine(model.Summary());

            using var digits = new PlacedDigits(data, options, model.ComputeDevice.ToTorchDevice());
            using var sets = TrainingSets.Create(options, digits.FitImages, digits.FitLabels);
            output.WriteLine($"training on {sets.Count:N0} digits per epoch ({sets.Description}), " +
                $"validating on {digits.ValidationCount:N0} held-out training digits");

            var stopwatch = Stopwatch.StartNew();
            var processorTime = Process.GetCurrentProcess().TotalProcessorTime;
            var history = Train(model, options, sets, digits.Validation, output);
            stopwatch.Stop();
            processorTime = Process.GetCurrentProcess().TotalProcessorTime - processorTime;

            var (loss, accuracy) = model.Evaluate(digits.TestImages, digits.TestLabels);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"training time: {stopwatch.Elapsed.TotalSeconds:F1} s (processor time {processorTime.TotalSeconds:F1} s, {get_num_threads()} torch thread{(get_num_threads() == 1 ? "" : "s")})"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test loss: {loss:F4}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {accuracy:F4}"));
            if (options.Export is not null)
            {
                model.ExportOnnx(options.Export);
                output.WriteLine($"exported: {options.Export}");
            }
            history.Plot("training.png");
            output.WriteLine($"training curves: {Path.GetFullPath("training.png")}");
        }

        private static RnnModel CreateModel(MnistOptions options) => options.Model switch
        {
            "rnn" => new MnistRnn(options.Seed),
            "lstm" => new MnistLstm(options.Seed),
            "gru" => new MnistGru(options.Seed),
            _ => new MnistStacked(options.Seed),
        };

        /// <summary>
        /// Adam with the one-cycle schedule (warm-up to the peak rate, then a cosine down to almost 0, set every step), or
        /// with the rate decayed along a cosine once per epoch (--schedule cosine). One Fit call trains every epoch, each
        /// on its own set from <paramref name="sets"/>, and prints Keras's progress lines (<paramref name="verbose"/> 1)
        /// or none (0); <paramref name="extra"/> joins the callbacks, e.g. a benchmark's clock.
        /// </summary>
        public static History Train(RnnModel model, MnistOptions options, TrainingSets sets, (Tensor, Tensor) validation, TextWriter output,
            int verbose = 1, Callback? extra = null)
        {
            int epochs = options.Epochs!.Value;
            Callback schedule = options.Schedule == "onecycle"
                ? new OneCycleSchedule(options.LearningRate!.Value, epochs, sets.BatchesPerEpoch, options.WarmUp)
                : LearningRateScheduler.CosineDecay(options.LearningRate!.Value, epochs);
            model.Compile(optimizer: Optimizers.Adam(options.LearningRate!.Value));
            var callbacks = extra is null ? new[] { schedule } : new[] { schedule, extra };
            return model.Fit(sets, epochs, validationData: validation, validationBatchSize: options.BatchSize!.Value, verbose: verbose, output: output,
                callbacks: callbacks);
        }
    }
}
