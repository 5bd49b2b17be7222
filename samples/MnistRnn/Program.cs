using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using MnistSample;
using Rnn;
using Rnn.Data;

// The Keras tutorial "RNN on MNIST" in C#: each 28x28 image is read as 28 time steps of 28 features.
// Usage: dotnet run -c Release --project samples/MnistRnn -- [--model rnn|lstm|gru|stacked] [--epochs N]
//        [--batch-size N] [--data DIR] [--seed N] [--augment true|false] [--shift N] [--learning-rate R]
//        [--schedule onecycle|cosine] [--warm-up F] [--export model.onnx]
Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(Options.Usage);
    return 0;
}

string dataDirectory;
MnistData data;
try
{
    dataDirectory = options.Data ?? Mnist.FindSampleDirectory();
    data = Mnist.Load(dataDirectory);
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
using var dataScope = data;
Console.WriteLine($"data: {data.TrainLabels.shape[0]:N0} training and {data.TestLabels.shape[0]:N0} test digits from {dataDirectory}");

RnnModel model = options.Model switch
{
    "rnn" => new MnistRnn(options.Seed),
    "lstm" => new MnistLstm(options.Seed),
    "gru" => new MnistGru(options.Seed),
    _ => new MnistStacked(options.Seed),
};
Console.WriteLine(model.Summary());

// Validation uses the last 10% of the training digits, held out before the shifted copies are made; the test digits
// are used once, after training.
long validationCount = data.TrainLabels.shape[0] / 10, fitCount = data.TrainLabels.shape[0] - validationCount;
using var fitImages = data.TrainImages.narrow(0, 0, fitCount);
using var fitLabels = data.TrainLabels.narrow(0, 0, fitCount);
using var validationImages = data.TrainImages.narrow(0, fitCount, validationCount);
using var validationLabels = data.TrainLabels.narrow(0, fitCount, validationCount);
var (trainX, trainY) = options.Augment ? Augmentation.WithShiftedCopies(fitImages, fitLabels, options.Shift) : (fitImages, fitLabels);
string copies = options.Augment ? $" (the originals and copies shifted {options.Shift} pixel{(options.Shift == 1 ? "" : "s")} up, down, left and right)" : "";
Console.WriteLine($"training on {trainY.shape[0]:N0} digits{copies}, " +
    $"validating on {validationCount:N0} held-out training digits");
var stopwatch = Stopwatch.StartNew();
var processorTime = Process.GetCurrentProcess().TotalProcessorTime;
int stepsPerEpoch = (int)((trainY.shape[0] + options.BatchSize - 1) / options.BatchSize);
// Adam with the one-cycle schedule (warm-up to the peak rate, then a cosine down to almost 0, set every step), or with
// the rate decayed along a cosine once per epoch (--schedule cosine, the schedule of earlier versions).
Callback schedule = options.Schedule == "onecycle"
    ? new OneCycleSchedule(options.LearningRate, options.Epochs, stepsPerEpoch, options.WarmUp)
    : LearningRateScheduler.CosineDecay(options.LearningRate, options.Epochs);
model.Compile(optimizer: Optimizers.Adam(options.LearningRate));
History history = model.Fit(trainX, trainY, epochs: options.Epochs, batchSize: options.BatchSize,
    validationData: (validationImages, validationLabels), seed: options.Seed, callbacks: new[] { schedule });
stopwatch.Stop();
processorTime = Process.GetCurrentProcess().TotalProcessorTime - processorTime;

var (loss, accuracy) = model.Evaluate(data.TestImages, data.TestLabels);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"training time: {stopwatch.Elapsed.TotalSeconds:F1} s (processor time {processorTime.TotalSeconds:F1} s, {TorchSharp.torch.get_num_threads()} torch threads)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test loss: {loss:F4}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {accuracy:F4}"));
if (options.Export is not null)
{
    try
    {
        model.ExportOnnx(options.Export);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 1;
    }
    Console.WriteLine($"exported: {options.Export}");
}
history.Plot("training.png");
Console.WriteLine($"training curves: {Path.GetFullPath("training.png")}");
return 0;

/// <summary>Command-line options of the sample.</summary>
internal sealed record Options(string Model, int Epochs, int BatchSize, string? Data, long Seed, bool Help, bool Augment = true,
    double LearningRate = 2e-3, string? Export = null, string Schedule = "onecycle", double WarmUp = 0.1, int Shift = 1)
{
    public const string Usage =
        "usage: MnistRnn [--model rnn|lstm|gru|stacked] [--epochs N] [--batch-size N] [--data DIR] [--seed N] [--augment true|false] [--shift N]\n" +
        "                [--learning-rate R] [--schedule onecycle|cosine] [--warm-up F] [--export FILE]\n" +
        "  --model       rnn (default: SimpleRnn(128, Relu), the tutorial), lstm, gru, or stacked (Lstm(64) x 2)\n" +
        "  --epochs      training epochs (default: rnn 5, lstm 6, gru 4, stacked 6)\n" +
        "  --batch-size  samples per step (default: rnn 128, gru 128, lstm 64, stacked 64)\n" +
        "  --data        folder with the MNIST IDX files, raw or .gz (default: the 10,000 digits in samples/data)\n" +
        "  --seed        seed for the weights and the shuffling (default 1)\n" +
        "  --augment     also train on 4 shifted copies, 5x the data (default true)\n" +
        "  --shift       pixels the copies are shifted by, 1 to 4 (default: rnn 1, gru 1, lstm 2, stacked 2)\n" +
        "  --learning-rate  Adam's peak rate with onecycle, initial rate with cosine (default 2e-3)\n" +
        "  --schedule    onecycle (default: warm-up, then a cosine to ~0, set every step) or cosine (decayed once per epoch)\n" +
        "  --warm-up     onecycle: fraction of the steps spent rising to the peak rate (default 0.1)\n" +
        "  --export      after training, write the model to this ONNX file (run it with samples/OnnxInference)";

    public static int DefaultEpochs(string model) => model switch { "rnn" => 5, "gru" => 4, _ => 6 };

    /// <summary>
    /// libtorch 2.10's CPU LSTM runs a batch of 128 erratically at 4.5-11x the time of a batch of 64 (28-66 ms
    /// against 6 ms per step, measured side by side), so the LSTMs take batches of 64.
    /// </summary>
    public static int DefaultBatchSize(string model) => model is "lstm" or "stacked" ? 64 : 128;

    /// <summary>The LSTMs overfit copies shifted by one pixel in 6 epochs; two pixels regularise them more.</summary>
    public static int DefaultShift(string model) => model is "lstm" or "stacked" ? 2 : 1;

    public static Options Parse(string[] args)
    {
        string model = "rnn";
        int? epochs = null;
        int? batchSize = null;
        string? data = null;
        long seed = 1;
        bool augment = true;
        double learningRate = 2e-3;
        string? export = null;
        string schedule = "onecycle";
        double warmUp = 0.1;
        int? shift = null;
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help") return new Options(model, 0, batchSize ?? DefaultBatchSize(model), data, seed, Help: true);
            if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value, or is not an option.");
            string value = args[++i];
            switch (name)
            {
                case "--model":
                    model = value is "rnn" or "lstm" or "gru" or "stacked"
                        ? value : throw new ArgumentException($"--model must be rnn, lstm, gru or stacked, not '{value}'.");
                    break;
                case "--epochs": epochs = Positive(name, value); break;
                case "--batch-size": batchSize = Positive(name, value); break;
                case "--data": data = value; break;
                case "--export": export = value; break;
                case "--seed":
                    seed = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long s)
                        ? s : throw new ArgumentException($"--seed must be an integer, not '{value}'.");
                    break;
                case "--augment":
                    augment = bool.TryParse(value, out bool a)
                        ? a : throw new ArgumentException($"--augment must be true or false, not '{value}'.");
                    break;
                case "--learning-rate":
                    learningRate = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) && r > 0 && double.IsFinite(r)
                        ? r : throw new ArgumentException($"--learning-rate must be a positive number, not '{value}'.");
                    break;
                case "--schedule":
                    schedule = value is "onecycle" or "cosine" ? value : throw new ArgumentException($"--schedule must be onecycle or cosine, not '{value}'.");
                    break;
                case "--warm-up":
                    warmUp = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double w) && w >= 0 && w < 1
                        ? w : throw new ArgumentException($"--warm-up must be a fraction in [0, 1), not '{value}'.");
                    break;
                case "--shift":
                    shift = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int p) && p is >= 1 and <= 4
                        ? p : throw new ArgumentException($"--shift must be 1 to 4 pixels, not '{value}'.");
                    break;
                default: throw new ArgumentException($"unknown option '{name}'.");
            }
        }
        return new Options(model, epochs ?? DefaultEpochs(model), batchSize ?? DefaultBatchSize(model), data, seed, Help: false,
            Augment: augment, LearningRate: learningRate, Export: export, Schedule: schedule, WarmUp: warmUp, Shift: shift ?? DefaultShift(model));
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : throw new ArgumentException($"{name} must be a positive integer, not '{value}'.");
}
