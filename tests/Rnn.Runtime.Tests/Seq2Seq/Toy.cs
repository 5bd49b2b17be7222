using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Seq2Seq
{
    /// <summary>
    /// A toy translation task: reverse a sequence of 2 to 5 symbols. Ids: 0 padding, 1 start, 2 end, symbols 3 to 9.
    /// </summary>
    internal static class Toy
    {
        public const int Vocabulary = 10;
        public const long Start = 1, End = 2;
        public const int FirstSymbol = 3, MaxLength = 5;

        /// <summary><paramref name="count"/> random sequences of symbols and their reversals.</summary>
        public static (long[][] Sources, long[][] Targets) Reversals(int count, int seed, int minLength = 2)
        {
            var random = new Random(seed);
            var sources = new long[count][];
            for (int i = 0; i < count; i++)
                sources[i] = Enumerable.Range(0, random.Next(minLength, MaxLength + 1)).Select(_ => (long)random.Next(FirstSymbol, Vocabulary)).ToArray();
            return (sources, sources.Select(s => s.Reverse().ToArray()).ToArray());
        }

        /// <summary>Sequences right-padded with 0 to <paramref name="length"/> (default: the longest), as int64 [n, length].</summary>
        public static Tensor Padded(IReadOnlyList<long[]> sequences, int? length = null)
        {
            int width = length ?? sequences.Max(s => s.Length);
            var data = new long[sequences.Count * width];
            for (int i = 0; i < sequences.Count; i++) Array.Copy(sequences[i], 0, data, i * width, sequences[i].Length);
            return tensor(data, new long[] { sequences.Count, width });
        }

        /// <summary>Teacher forcing's tensors: the source, the target input (start, then the target) and the target (then end).</summary>
        public static (Tensor Source, Tensor TargetInput, Tensor Target) Batch(long[][] sources, long[][] targets) =>
            (Padded(sources), Padded(targets.Select(t => new[] { Start }.Concat(t).ToArray()).ToList()),
             Padded(targets.Select(t => t.Concat(new[] { End }).ToArray()).ToList()));
    }
}
