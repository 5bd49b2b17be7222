using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace TextGenSample
{
    /// <summary>
    /// An interpolated modified Kneser–Ney n-gram model of a sequence of ids (Chen and Goodman 1998; the smoothing of
    /// KenLM and of SRILM's <c>-kndiscount -interpolate</c>): TextGen's baseline, over characters.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <c>P_n(w | h) = (max(c_n(hw) − D_n(c_n(hw)), 0) + γ_n(h) P_{n−1}(w | h′)) / c_n(h·)</c>, where <c>h′</c> is
    /// <c>h</c> without its first id, <c>c_n(h·)</c> the sum of <c>c_n(hv)</c> over all <c>v</c>, and
    /// <c>γ_n(h) = D_n(1) N1(h·) + D_n(2) N2(h·) + D_n(3+) N3+(h·)</c> with <c>Nk(h·)</c> the number of ids <c>v</c> with
    /// <c>c_n(hv) = k</c> (3 or more for <c>N3+</c>). <c>P_0</c> is uniform over the <see cref="Symbols"/>.
    /// </para>
    /// <para>
    /// At the highest order <c>c_n</c> is the n-gram's count; below it, its continuation count: the number of distinct
    /// ids seen just before it (an n-gram seen only at the very start has none). A context never seen at order n
    /// leaves <c>P_{n−1}</c> as it is, and so does every longer one. The discounts of each order come from its
    /// count-of-counts (<see cref="KneserNeyDiscounts.Estimate"/>). The probabilities of every context sum to 1 over the
    /// <see cref="Symbols"/>.
    /// </para>
    /// <para>
    /// The n-grams of each order are keyed by a 64-bit hash of their ids, not by strings: two n-grams of one order share
    /// a key with a chance of about (distinct n-grams)² / 2⁶⁵, under 10⁻⁶ for the few million of a 4 MB text.
    /// </para>
    /// </remarks>
    public sealed class KneserNey
    {
        /// <summary>The order of TextGen's baseline: a character 5-gram.</summary>
        public const int DefaultOrder = 5;

        /// <summary>The highest order this model takes.</summary>
        public const int MaxOrder = 16;

        private const ulong EmptyKey = 0x9E3779B97F4A7C15UL;

        private readonly Dictionary<ulong, Ngram>[] _counts;
        private readonly Dictionary<ulong, ContextCounts>[] _contexts;
        private readonly KneserNeyDiscounts[] _discounts;
        private readonly int[] _symbols;
        private readonly HashSet<int> _symbolSet;

        private KneserNey(Dictionary<ulong, Ngram>[] counts, Dictionary<ulong, ContextCounts>[] contexts, KneserNeyDiscounts[] discounts, int[] symbols)
        {
            _counts = counts;
            _contexts = contexts;
            _discounts = discounts;
            _symbols = symbols;
            _symbolSet = new HashSet<int>(symbols);
        }

        /// <summary>The longest n-gram: the model looks at the last <c>Order − 1</c> ids.</summary>
        public int Order => _counts.Length;

        /// <summary>The ids the model gives a probability to: the distinct ids of its training sequence, in ascending order.</summary>
        public IReadOnlyList<int> Symbols => _symbols;

        /// <summary>The discounts of each order, from 1-grams (index 0) up to <see cref="Order"/>-grams.</summary>
        public IReadOnlyList<KneserNeyDiscounts> Discounts => _discounts;

        /// <summary>Counts the n-grams of <paramref name="ids"/> up to <paramref name="order"/> and estimates the discounts.</summary>
        /// <exception cref="ArgumentException"><paramref name="ids"/> is empty or holds a negative id.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not 1 to <see cref="MaxOrder"/>.</exception>
        public static KneserNey Train(ReadOnlySpan<int> ids, int order = DefaultOrder)
        {
            if (order is < 1 or > MaxOrder)
                throw new ArgumentOutOfRangeException(nameof(order), order, $"KneserNey: order must be 1 to {MaxOrder}, but was {order}.");
            if (ids.IsEmpty) throw new ArgumentException("KneserNey: the training ids are empty.", nameof(ids));
            int negative = ids.IndexOfAnyInRange(int.MinValue, -1);
            if (negative >= 0)
                throw new ArgumentException($"KneserNey: ids must be 0 or more, but id {negative} is {ids[negative]}.", nameof(ids));
            var counts = new Dictionary<ulong, Ngram>[order];
            counts[order - 1] = CountHighestOrder(ids, order);
            for (int n = order - 1; n >= 1; n--) counts[n - 1] = ContinuationCounts(ids, counts[n], n);
            var contexts = new Dictionary<ulong, ContextCounts>[order];
            for (int n = 0; n < order; n++) contexts[n] = CountContexts(ids, counts[n], n);
            var symbols = new int[counts[0].Count];
            int s = 0;
            foreach (var unigram in counts[0].Values) symbols[s++] = ids[unigram.First];
            Array.Sort(symbols);
            return new KneserNey(counts, contexts, counts.Select(EstimateDiscounts).ToArray(), symbols);
        }

        /// <summary>The probability of <paramref name="next"/> after <paramref name="context"/> (of which the last <c>Order − 1</c> ids count).</summary>
        /// <exception cref="ArgumentException"><paramref name="next"/> is not one of the <see cref="Symbols"/>.</exception>
        public double Probability(ReadOnlySpan<int> context, int next)
        {
            if (!_symbolSet.Contains(next))
                throw new ArgumentException($"KneserNey: id {next} is not one of the {_symbols.Length} ids of the training sequence, so it has no probability.", nameof(next));
            double p = 1.0 / _symbols.Length;
            int longest = Math.Min(Order - 1, context.Length);
            for (int length = 0; length <= longest; length++)
            {
                ulong key = Key(context[(context.Length - length)..]);
                if (!_contexts[length].TryGetValue(key, out var seen)) break; // nor is any longer context
                int count = _counts[length].TryGetValue(Extend(key, next), out var ngram) ? ngram.Count : 0;
                var discounts = _discounts[length];
                p = (count - discounts.For(count) + seen.Backoff(discounts) * p) / seen.Total;
            }
            return p;
        }

        /// <summary>
        /// The mean of −log₂ P(id | the up to <c>Order − 1</c> ids before it in <paramref name="ids"/>) over the ids that
        /// are <see cref="Symbols"/>: bits per symbol. Other ids are not scored (no model of these symbols can give them a
        /// probability), but they are context for the ids after them.
        /// </summary>
        /// <returns>The bits per scored id (0 when none is) and the number of ids scored.</returns>
        public (double BitsPerSymbol, int Scored) Evaluate(ReadOnlySpan<int> ids)
        {
            double bits = 0;
            int scored = 0;
            for (int i = 0; i < ids.Length; i++)
            {
                if (!_symbolSet.Contains(ids[i])) continue;
                int start = Math.Max(0, i - (Order - 1));
                bits -= Math.Log2(Probability(ids[start..i], ids[i]));
                scored++;
            }
            return (scored == 0 ? 0 : bits / scored, scored);
        }

        /// <summary>Every distinct n-gram of the highest order, with its count and first position.</summary>
        private static Dictionary<ulong, Ngram> CountHighestOrder(ReadOnlySpan<int> ids, int order)
        {
            var ngrams = new Dictionary<ulong, Ngram>();
            for (int i = 0; i + order <= ids.Length; i++)
            {
                ref var ngram = ref CollectionsMarshal.GetValueRefOrAddDefault(ngrams, Key(ids.Slice(i, order)), out bool seen);
                if (!seen) ngram.First = i;
                ngram.Count++;
            }
            return ngrams;
        }

        /// <summary>
        /// Every distinct <paramref name="n"/>-gram with its continuation count: the number of distinct (n+1)-grams that
        /// end in it. The n-grams other than the very first occur at the end of an (n+1)-gram; the first one is added
        /// with a count of 0 when it occurs nowhere else, so that the next order down sees every distinct n-gram.
        /// </summary>
        private static Dictionary<ulong, Ngram> ContinuationCounts(ReadOnlySpan<int> ids, Dictionary<ulong, Ngram> longer, int n)
        {
            var ngrams = new Dictionary<ulong, Ngram>(longer.Count);
            foreach (var extended in longer.Values)
            {
                int first = extended.First + 1;
                ref var ngram = ref CollectionsMarshal.GetValueRefOrAddDefault(ngrams, Key(ids.Slice(first, n)), out bool seen);
                if (!seen) ngram.First = first;
                ngram.Count++;
            }
            if (ids.Length >= n) CollectionsMarshal.GetValueRefOrAddDefault(ngrams, Key(ids[..n]), out _);
            return ngrams;
        }

        private static KneserNeyDiscounts EstimateDiscounts(Dictionary<ulong, Ngram> ngrams)
        {
            var countOfCounts = new long[5];
            foreach (var ngram in ngrams.Values)
                if (ngram.Count is >= 1 and <= 4) countOfCounts[ngram.Count]++;
            return KneserNeyDiscounts.Estimate(countOfCounts[1], countOfCounts[2], countOfCounts[3], countOfCounts[4]);
        }

        /// <summary>For each context (the first n ids of the (n+1)-grams of <paramref name="ngrams"/> seen at least once): its total and count classes.</summary>
        private static Dictionary<ulong, ContextCounts> CountContexts(ReadOnlySpan<int> ids, Dictionary<ulong, Ngram> ngrams, int n)
        {
            var contexts = new Dictionary<ulong, ContextCounts>();
            foreach (var ngram in ngrams.Values)
            {
                if (ngram.Count == 0) continue;
                ref var context = ref CollectionsMarshal.GetValueRefOrAddDefault(contexts, Key(ids.Slice(ngram.First, n)), out _);
                context.Add(ngram.Count);
            }
            return contexts;
        }

        private static ulong Key(ReadOnlySpan<int> ids)
        {
            ulong key = EmptyKey;
            foreach (int id in ids) key = Extend(key, id);
            return key;
        }

        /// <summary>The key of an n-gram followed by <paramref name="id"/>: SplitMix64's finaliser (a bijection) of the key plus the id.</summary>
        private static ulong Extend(ulong key, int id)
        {
            ulong z = key + (ulong)id + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>An n-gram's count (raw or continuation) and the position of its first occurrence in the training ids.</summary>
        private struct Ngram
        {
            public int Count;
            public int First;
        }

        /// <summary>A context's total count <c>c(h·)</c> and how many ids follow it once, twice, and three or more times.</summary>
        private struct ContextCounts
        {
            public long Total;
            public int Ones;
            public int Twos;
            public int More;

            public void Add(int count)
            {
                Total += count;
                if (count == 1) Ones++;
                else if (count == 2) Twos++;
                else More++;
            }

            /// <summary><c>γ(h)</c>: the mass the discounts take from this context's n-grams, in counts.</summary>
            public readonly double Backoff(KneserNeyDiscounts d) => d.One * Ones + d.Two * Twos + d.ThreeOrMore * More;
        }
    }
}
