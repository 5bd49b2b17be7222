using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;

// Runs a model exported by `MnistRnn --export model.onnx` with ONNX Runtime alone (no TorchSharp, no Rnn.Runtime) on
// the shipped MNIST test digits, and prints its test accuracy.
// Usage: dotnet run -c Release --project samples/OnnxInference -- --model model.onnx [--data samples/data]
const string Usage =
    "usage: OnnxInference --model FILE [--data DIR]\n" +
    "  --model  an ONNX file written by MnistRnn --export\n" +
    "  --data   folder with t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, raw or .gz (default samples/data)";

string? modelPath = null, dataDirectory = "samples/data";
for (int i = 0; i < args.Length; i++)
{
    if (args[i] is "-h" or "--help")
    {
        Console.WriteLine(Usage);
        return 0;
    }
    if (i + 1 >= args.Length || args[i] is not ("--model" or "--data"))
    {
        Console.Error.WriteLine($"error: unknown option or missing value: '{args[i]}'.");
        Console.Error.WriteLine(Usage);
        return 2;
    }
    if (args[i] == "--model") modelPath = args[++i];
    else dataDirectory = args[++i];
}
if (modelPath is null)
{
    Console.Error.WriteLine("error: --model is required.");
    Console.Error.WriteLine(Usage);
    return 2;
}

float[] images;
byte[] labels;
try
{
    (images, labels) = MnistTestSet.Load(dataDirectory);
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
Console.WriteLine($"data: {labels.Length:N0} test digits from {dataDirectory}");

int[] predictions;
try
{
    using var classifier = new OnnxClassifier(modelPath);
    predictions = classifier.Predict(images, labels.Length);
}
catch (Exception e) when (e is OnnxRuntimeException or IOException or InvalidDataException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
double accuracy = (double)predictions.Where((p, i) => p == labels[i]).Count() / labels.Length;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {accuracy:F4}"));
return 0;
