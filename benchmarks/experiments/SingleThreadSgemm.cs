#:project ../../src/Rnn.Runtime/Rnn.Runtime.csproj
// Experiment (docs/benchmarks.md, "Other levers"): libtorch's float32 matmul rate on one thread, at the SimpleRnn's
// 128x128x128 and at 1024x1024x1024. Medians of 9 repetitions, interleaved.
//   dotnet run -c Release benchmarks/experiments/SingleThreadSgemm.cs
using System;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

Rnn.NativeSetup.EnsureLoaded();
torch.set_num_threads(1);
var (a, b, c) = (torch.rand(128, 128), torch.rand(128, 128), torch.empty(128, 128));
var (a2, b2, c2) = (torch.rand(1024, 1024), torch.rand(1024, 1024), torch.empty(1024, 1024));

double Rate(Tensor x, Tensor y, Tensor output, int repetitions)
{
    for (int i = 0; i < 5; i++) output.addmm_(x, y, 0, 1);
    var watch = Stopwatch.StartNew();
    for (int i = 0; i < repetitions; i++) output.addmm_(x, y, 0, 1);
    return 2.0 * x.size(0) * x.size(1) * y.size(1) * repetitions / watch.Elapsed.TotalSeconds / 1e9;
}

var small = new double[9];
var large = new double[9];
for (int r = 0; r < 9; r++) { small[r] = Rate(a, b, c, 2000); large[r] = Rate(a2, b2, c2, 20); }
Array.Sort(small);
Array.Sort(large);
Console.WriteLine($"1 thread sgemm: 128^3 median {small[4]:F1} GFLOP/s, 1024^3 median {large[4]:F1} GFLOP/s");
