using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LanguageIdSample
{
    /// <summary>
    /// The tokens of a word, shared by the naive Bayes baseline and the model: the character n-grams (n = 1 to
    /// <see cref="MaxN"/>) of <c>⟨word⟩</c>. Characters are the text elements of the NFC word, as
    /// <see cref="Rnn.Data.Vocabulary"/> splits them, and white space inside an n-gram is written as <see cref="Space"/>
    /// so that each n-gram is one word-level vocabulary token. An instance splits each word once and hands the same
    /// n-grams to the baseline, the vocabulary and the encoding.
    /// </summary>
    public sealed class CharacterNgrams
    {
        /// <summary>The longest n-gram: 5, the best of n ∈ {3, 4, 5} for the baseline on the shipped languages.</summary>
        public const int MaxN = 5;

        /// <summary>Stands for white space inside an n-gram, as white space separates vocabulary tokens.</summary>
        public const char Space = '\u2581';

        private readonly Dictionary<string, string[]> byWord = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> distinct = new(StringComparer.Ordinal);

        /// <summary>
        /// The n-grams of <paramref name="word"/> (<see cref="Split"/>), split on its first request and reused after.
        /// Equal n-grams of different words are one string, so the n-grams of a whole data set stay small.
        /// </summary>
        public IReadOnlyList<string> Of(string word)
        {
            ArgumentNullException.ThrowIfNull(word);
            if (byWord.TryGetValue(word, out var ngrams)) return ngrams;
            ngrams = Split(word);
            for (int i = 0; i < ngrams.Length; i++)
            {
                if (distinct.TryGetValue(ngrams[i], out var shared)) ngrams[i] = shared;
                else distinct.Add(ngrams[i], ngrams[i]);
            }
            byWord.Add(word, ngrams);
            return ngrams;
        }

        /// <summary>
        /// The n-grams of the text elements of <c>⟨word⟩</c> (NFC), all 1-grams first, then all 2-grams, … up to
        /// <see cref="MaxN"/>-grams, each in word order; white space inside them becomes <see cref="Space"/>.
        /// </summary>
        public static string[] Split(string word)
        {
            ArgumentNullException.ThrowIfNull(word);
            var elements = new List<string> { "\u27e8" };
            var enumerator = StringInfo.GetTextElementEnumerator(word.Normalize(NormalizationForm.FormC));
            while (enumerator.MoveNext()) elements.Add(WithoutWhiteSpace(enumerator.GetTextElement()));
            elements.Add("\u27e9");
            var ngrams = new List<string>();
            for (int n = 1; n <= MaxN; n++)
                for (int i = 0; i + n <= elements.Count; i++)
                    ngrams.Add(string.Concat(elements.GetRange(i, n)));
            return ngrams.ToArray();
        }

        private static string WithoutWhiteSpace(string element)
        {
            var chars = element.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
                if (char.IsWhiteSpace(chars[i])) chars[i] = Space;
            return new string(chars);
        }
    }
}
