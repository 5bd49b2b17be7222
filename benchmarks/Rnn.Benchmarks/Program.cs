using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Rnn;
using Rnn.Benchmarks;

// Paired benchmarks: see docs/benchmarks.md, and the usage that --help prints.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Paired benchmarks (see docs/benchmarks.md). Usage:
          Rnn.Benchmarks [--quick] [--only training|fit|generator]   paired comparisons, a Markdown table on stdout
          Rnn.Benchmarks memory [--epochs N] [--augment true|false] [--samples N]   RSS after each epoch of the LSTM sample
          Rnn.Benchmarks utilisation [--batch-sizes 64,256] [--pairs N]   the MnistRnn step's FLOP/s against the sgemm peak
          Rnn.Benchmarks gpu checks|tutorial|mnist --data DIR [--batch-size N] [--learning-rate R] [--epochs N]
                                                 on a CUDA GPU: the device checks, or the figures (benchmarks/gpu/device.sh)
          Rnn.Benchmarks batch [--batch-sizes 32,64,128,256,512] [--models lstm,stacked,gru,rnn] [--pairs N] [--threads 1]
                                                                  training cost per sample against batch 64
        """);
    return 0;
}
NativeSetup.EnsureLoaded();
var invariant = CultureInfo.InvariantCulture;
if (args.Length > 1 && args[0] == "gpu")
{
    string data = Option(args, "--data") ?? throw new ArgumentException("gpu: --data DIR (the MNIST IDX files) is needed.");
    Console.WriteLine($"machine: {Machine.Describe()}");
    switch (args[1])
    {
        case "checks":
            return GpuChecks.Run(data, Console.Out) == 0 ? 0 : 1;
        case "tutorial":
            GpuFigures.Tutorial(data, Console.Out);
            return 0;
        case "mnist":
            int? Int(string name) => Option(args, name) is string s ? int.Parse(s, invariant) : null;
            double? rate = Option(args, "--learning-rate") is string r ? double.Parse(r, invariant) : null;
            GpuFigures.MnistRecipe(data, Int("--batch-size"), rate, Int("--epochs"), Console.Out);
            return 0;
        default:
            throw new ArgumentException($"gpu: unknown part '{args[1]}'; use checks, tutorial or mnist.");
    }
}
if (args.Length > 0 && args[0] == "utilisation")
{
    Console.WriteLine($"machine: {Machine.Describe()}");
    Console.WriteLine($"load average before: {Machine.LoadAverage()}");
    var sizes = (Option(args, "--batch-sizes") ?? "64,256").Split(',').Select(s => int.Parse(s, invariant)).ToList();
    UtilisationBenchmark.Print(sizes, int.Parse(Option(args, "--pairs") ?? "9", invariant));
    Console.WriteLine($"load average after: {Machine.LoadAverage()}");
    return 0;
}
if (args.Length > 0 && args[0] == "batch")
{
    TorchSharp.torch.set_num_threads(int.Parse(Option(args, "--threads") ?? "1", invariant));
    Console.WriteLine($"machine: {Machine.Describe()}");
    Console.WriteLine($"load average before: {Machine.LoadAverage()}");
    var sizes = (Option(args, "--batch-sizes") ?? "32,64,128,256,512").Split(',').Select(s => int.Parse(s, invariant)).ToList();
    var models = (Option(args, "--models") ?? "lstm,stacked,gru,rnn").Split(',');
    BatchSizeBenchmark.Print(models, sizes, int.Parse(Option(args, "--pairs") ?? "9", invariant));
    Console.WriteLine($"load average after: {Machine.LoadAverage()}");
    return 0;
}
if (args.Length > 0 && args[0] == "memory")
{
    int epochs = int.Parse(Option(args, "--epochs") ?? "20", invariant);
    bool augment = bool.Parse(Option(args, "--augment") ?? "true");
    Console.WriteLine($"machine: {Machine.Describe()}");
    Console.WriteLine($"load average before: {Machine.LoadAverage()}");
    long samples = long.Parse(Option(args, "--samples") ?? "8000", invariant);
    Console.WriteLine($"memory: MnistLstm, {samples} digits{(augment ? " and their 4 shifted copies" : "")}, batch 64, {epochs} epochs");
    var rss = MemoryBenchmark.Run(epochs, augment, samples, Console.Out);
    var marks = rss.Where(r => r.Epoch is 1 or 5 or 20 || r.Epoch == epochs).ToList();
    double min = marks.Min(r => r.Megabytes), max = marks.Max(r => r.Megabytes);
    Console.WriteLine(string.Create(invariant,
        $"rss: {string.Join(", ", marks.Select(r => $"epoch {r.Epoch} {r.Megabytes:F0} MB"))}; spread {(max - min) / min:P1}"));
    Console.WriteLine($"load average after: {Machine.LoadAverage()}");
    return 0;
}

bool quick = args.Contains("--quick");
string only = Option(args, "--only") ?? "all";
Console.WriteLine($"machine: {Machine.Describe()}");
Console.WriteLine($"load average before: {Machine.LoadAverage()}");
Console.WriteLine($"configuration: {(quick ? "quick" : "full")}");
Console.WriteLine();
if (only is "all" or "training" or "fit")
{
    Console.WriteLine("| comparison | A | B | median A (ms) | median B (ms) | paired ratio A/B, median | interquartile | pairs |");
    Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
    var benchmarks = new TrainingBenchmarks(quick);
    foreach (var r in only == "fit" ? new[] { benchmarks.RunFit() } : benchmarks.Run())
        Console.WriteLine(string.Create(invariant,
            $"| {r.Name} | {r.A} | {r.B} | {r.MedianA:F2} | {r.MedianB:F2} | {r.MedianRatio:F3} | {r.RatioLow:F3}–{r.RatioHigh:F3} | {r.Pairs} |"));
    Console.WriteLine();
}
if (only is "all" or "generator")
{
    Console.WriteLine("| generator scenario | median (ms) | ratio to cold | runs |");
    Console.WriteLine("| --- | ---: | ---: | ---: |");
    foreach (var r in new GeneratorBenchmarks(quick).Run())
        Console.WriteLine(string.Create(invariant, $"| {r.Scenario} | {r.MedianMilliseconds:F1} | {r.RatioToCold:F3} | {r.Runs} |"));
    Console.WriteLine();
}
Console.WriteLine($"load average after: {Machine.LoadAverage()}");
return 0;

static string? Option(string[] args, string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
