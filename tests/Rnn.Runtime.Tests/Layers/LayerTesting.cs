using System;
using System.Collections.Generic;
using System.Linq;
using Rnn.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>Helpers for the layer module tests; every random draw comes from a test's own generator.</summary>
    public static class LayerTesting
    {
        public enum Kind { SimpleRnn, Lstm, Gru }

        public static Generator Seeded(ulong seed)
        {
            NativeSetup.EnsureLoaded();
            return new Generator(seed);
        }

        /// <summary>Uniform in [-1, 1).</summary>
        public static Tensor Random(Generator g, params long[] shape) => rand(shape, generator: g).mul_(2).sub_(1);

        public static RecurrentLayer Recurrent(Kind kind, long inputSize, long units, bool returnSequences = false, bool bidirectional = false,
            MergeMode mergeMode = MergeMode.Concat, double dropout = 0, Generator? generator = null, string? name = null) => kind switch
        {
            Kind.SimpleRnn => new SimpleRnn(name ?? "simple_rnn", inputSize, units, Activation.Tanh, returnSequences, bidirectional, mergeMode, dropout, generator),
            Kind.Lstm => new Lstm(name ?? "lstm", inputSize, units, returnSequences, bidirectional, mergeMode, dropout, generator),
            Kind.Gru => new Gru(name ?? "gru", inputSize, units, returnSequences, bidirectional, mergeMode, dropout, generator),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        public static int Gates(Kind kind) => kind switch { Kind.SimpleRnn => 1, Kind.Lstm => 4, _ => 3 };

        /// <summary>A right-padding mask [batch, time] for <paramref name="lengths"/>.</summary>
        public static Tensor Mask(long time, params long[] lengths)
        {
            var rows = lengths.Select(l => Enumerable.Range(0, (int)time).Select(t => t < l).ToArray()).ToArray();
            return tensor(rows.SelectMany(r => r).ToArray(), new long[] { lengths.Length, time });
        }

        public static double MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().to_type(ScalarType.Float64).item<double>();

        public static string[] Names(nn.Module module) => module.named_parameters().Select(p => p.name).ToArray();

        public static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

        public static IEnumerable<T> Values<T>() where T : struct, Enum => Enum.GetValues<T>();
    }
}
