#:project ../../src/Rnn.Runtime/Rnn.Runtime.csproj
// Experiment (docs/benchmarks.md, "Other levers"): is the SimpleRnn training step bound by libtorch's per-op overhead?
// Compares the gradients of nn.RNN (ReLU, batch-first) + Dense + cross-entropy with the same model whose recurrence is
// a custom autograd function: the forward loop runs in place with no autograd nodes, the backward loop does one
// masked mm per timestep, and the weight gradients are one large GEMM each instead of one per timestep.
//   dotnet run -c Release benchmarks/experiments/HandWrittenBptt.cs -- <threads> <batch>
// Prints the largest difference of each gradient, then medians of 11 interleaved repetitions of 20 steps and the paired ratio.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

Rnn.NativeSetup.EnsureLoaded();
torch.set_num_threads(int.Parse(args[0]));
int b = int.Parse(args[1]);
torch.manual_seed(1);
var rnn = nn.RNN(28, 128, nonLinearity: nn.NonLinearities.ReLU, batchFirst: true);
var dense = nn.Linear(128, 10);
var p = rnn.named_parameters().ToDictionary(q => q.name, q => q.parameter);
var x = torch.rand(b, 28, 28);
var y = torch.randint(0, 10, b, dtype: ScalarType.Int64);

Tensor[] Gradients(bool handWritten)
{
    foreach (var q in rnn.parameters().Concat(dense.parameters())) q.grad = null;
    using var scope = torch.NewDisposeScope();
    var h0 = torch.zeros(b, 128);
    Tensor final = handWritten
        ? RnnRelu.apply(x, p["weight_ih_l0"], p["weight_hh_l0"], p["bias_ih_l0"], p["bias_hh_l0"], h0)[1]
        : rnn.call(x, h0.unsqueeze(0)).Item2[0];
    nn.functional.cross_entropy(dense.call(final), y).backward();
    return rnn.parameters().Select(q => q.grad!.detach().clone().MoveToOuterDisposeScope()).ToArray();
}

var library = Gradients(false);
var written = Gradients(true);
for (int i = 0; i < library.Length; i++)
    Console.WriteLine($"gradient {i}: max difference {(library[i] - written[i]).abs().max().item<float>():E2}, scale {library[i].abs().max().item<float>():E2}");

double Time(bool handWritten)
{
    for (int i = 0; i < 2; i++) Gradients(handWritten);
    var watch = Stopwatch.StartNew();
    for (int i = 0; i < 20; i++) Gradients(handWritten);
    return watch.Elapsed.TotalMilliseconds / 20;
}

var pairs = Enumerable.Range(0, 11).Select(_ => (Library: Time(false), Written: Time(true))).ToArray();
double Median(IEnumerable<double> values) { var s = values.OrderBy(v => v).ToArray(); return s[s.Length / 2]; }
Console.WriteLine($"threads {args[0]} batch {b}: nn.RNN {Median(pairs.Select(q => q.Library)):F2} ms, hand-written {Median(pairs.Select(q => q.Written)):F2} ms, " +
                  $"paired {Median(pairs.Select(q => q.Written / q.Library)):F3}");

/// <summary>h_t = relu(x_t W_ih^T + b_ih + b_hh + h_{t-1} W_hh^T); outputs all states and the last.</summary>
class RnnRelu : torch.autograd.MultiTensorFunction<RnnRelu>
{
    public override string Name => "RnnRelu";

    public override List<Tensor> forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, wih, whh, bih, bhh, h0) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], (Tensor)vars[3], (Tensor)vars[4], (Tensor)vars[5]);
        long batch = x.size(0), time = x.size(1), inputs = x.size(2), units = whh.size(0);
        var xt = x.transpose(0, 1).contiguous();
        var states = torch.addmm(bih + bhh, xt.view(time * batch, inputs), wih.t(), 1, 1).view(time, batch, units);
        var whhT = whh.t();
        Tensor h = h0;
        for (long t = 0; t < time; t++) { var s = states[t]; s.addmm_(h, whhT).relu_(); h = s; }
        ctx.save_for_backward(new List<Tensor> { xt, states, h0, wih, whh });
        return new List<Tensor> { states, states[time - 1] };
    }

    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, List<Tensor> grads)
    {
        var saved = ctx.get_saved_variables();
        var (xt, states, h0, wih, whh) = (saved[0], saved[1], saved[2], saved[3], saved[4]);
        long time = states.size(0), batch = states.size(1), units = states.size(2), inputs = xt.size(2);
        var active = states.gt(0).to(ScalarType.Float32);
        var dA = grads[0].clone();
        dA[time - 1].add_(grads[1]);
        Tensor dh = null!;
        for (long t = time - 1; t >= 0; t--)
        {
            var da = dA[t];
            if (t < time - 1) da.add_(dh);
            da.mul_(active[t]);
            dh = da.mm(whh);
        }
        var flat = dA.view(time * batch, units);
        var dWhh = dA.narrow(0, 1, time - 1).reshape((time - 1) * batch, units).t()
            .mm(states.narrow(0, 0, time - 1).reshape((time - 1) * batch, units)).addmm_(dA[0].t(), h0);
        var dWih = flat.t().mm(xt.view(time * batch, inputs));
        var db = flat.sum(new long[] { 0 });
        var dx = flat.mm(wih).view(time, batch, inputs).transpose(0, 1);
        return new List<Tensor> { dx, dWih, dWhh, db, db.clone(), dh };
    }
}
