using System;
using System.Collections.Generic;

namespace G2PSample
{
    /// <summary>
    /// The phoneme and word error rates of predicted pronunciations, summed over words: the phoneme error rate is the
    /// edit distance (insertions, deletions and substitutions, each costing 1) of every prediction from its reference,
    /// over the references' total length; the word error rate is the share of words not exactly right.
    /// </summary>
    public sealed class ErrorRates
    {
        /// <summary>The words added.</summary>
        public int Words { get; private set; }

        /// <summary>The words whose prediction was not exactly the reference.</summary>
        public int WrongWords { get; private set; }

        /// <summary>The phonemes of all references.</summary>
        public long ReferencePhonemes { get; private set; }

        /// <summary>The summed edit distances.</summary>
        public long Edits { get; private set; }

        /// <summary>Edits over reference phonemes (0 before any word is added).</summary>
        public double PhonemeErrorRate => ReferencePhonemes == 0 ? 0 : (double)Edits / ReferencePhonemes;

        /// <summary>Wrong words over words (0 before any word is added).</summary>
        public double WordErrorRate => Words == 0 ? 0 : (double)WrongWords / Words;

        /// <summary>Scores one word's <paramref name="predicted"/> phonemes against its <paramref name="reference"/>.</summary>
        public void Add(IReadOnlyList<string> reference, IReadOnlyList<string> predicted)
        {
            ArgumentNullException.ThrowIfNull(reference);
            ArgumentNullException.ThrowIfNull(predicted);
            int edits = EditDistance(reference, predicted);
            Words++;
            if (edits > 0) WrongWords++;
            ReferencePhonemes += reference.Count;
            Edits += edits;
        }

        /// <summary>The Levenshtein distance of two sequences: the fewest insertions, deletions and substitutions that turn one into the other.</summary>
        public static int EditDistance(IReadOnlyList<string> a, IReadOnlyList<string> b)
        {
            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(b);
            var previous = new int[b.Count + 1];
            var current = new int[b.Count + 1];
            for (int j = 0; j <= b.Count; j++) previous[j] = j;
            for (int i = 1; i <= a.Count; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Count; j++)
                {
                    int substitution = previous[j - 1] + (string.Equals(a[i - 1], b[j - 1], StringComparison.Ordinal) ? 0 : 1);
                    current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
                }
                (previous, current) = (current, previous);
            }
            return previous[b.Count];
        }
    }
}
