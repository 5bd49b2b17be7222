using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Rnn.Data;

namespace LanguageIdSample
{
    /// <summary>
    /// The baseline: a multinomial naive Bayes classifier over character n-grams (n = 1 to <see cref="MaxN"/>) of the
    /// word between boundary marks, <c>⟨word⟩</c>, with additive smoothing. Characters are the text elements of the
    /// NFC text, as <see cref="Vocabulary"/> splits them.
    /// </summary>
    public sealed class NaiveBayes
    {
        private readonly Dictionary<string, int>[] counts;
        private readonly double[] logPriors;
        private readonly double[] logDenominators;
        private readonly double alpha;

        private NaiveBayes(Dictionary<string, int>[] counts, double[] logPriors, double[] logDenominators, double alpha)
        {
            this.counts = counts;
            this.logPriors = logPriors;
            this.logDenominators = logDenominators;
            this.alpha = alpha;
        }

        /// <summary>The longest n-gram: 5, the best of n ∈ {3, 4, 5} on the shipped languages.</summary>
        public const int MaxN = 5;

        /// <summary>The additive smoothing: 0.1, the best of {0.05, 0.1, 0.3, 1} on the shipped languages.</summary>
        public const double DefaultAlpha = 0.1;

        /// <summary>Counts the n-grams of each class in the training texts.</summary>
        public static NaiveBayes Train(LabeledTexts train, double alpha = DefaultAlpha)
        {
            ArgumentNullException.ThrowIfNull(train);
            int classes = train.Classes.Count;
            var counts = Enumerable.Range(0, classes).Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
            var totals = new long[classes];
            var examples = new int[classes];
            for (int i = 0; i < train.Count; i++)
            {
                int c = train.Labels[i];
                examples[c]++;
                foreach (string gram in Grams(train.Texts[i]))
                {
                    counts[c][gram] = counts[c].GetValueOrDefault(gram) + 1;
                    totals[c]++;
                }
            }
            int vocabulary = counts.SelectMany(d => d.Keys).Distinct(StringComparer.Ordinal).Count();
            // A class with no training example gets no probability mass: it can never be predicted.
            var logPriors = examples.Select(e => e == 0 ? double.NegativeInfinity : Math.Log(e / (double)train.Count)).ToArray();
            var logDenominators = totals.Select(t => Math.Log(t + alpha * vocabulary)).ToArray();
            return new NaiveBayes(counts, logPriors, logDenominators, alpha);
        }

        /// <summary>The most probable class of <paramref name="text"/>.</summary>
        public int Predict(string text)
        {
            string[] grams = Grams(text).ToArray();
            int best = 0;
            double bestScore = double.NegativeInfinity;
            for (int c = 0; c < counts.Length; c++)
            {
                double score = logPriors[c];
                foreach (string gram in grams)
                    score += Math.Log(counts[c].GetValueOrDefault(gram) + alpha) - logDenominators[c];
                if (score > bestScore)
                {
                    bestScore = score;
                    best = c;
                }
            }
            return best;
        }

        /// <summary>The n-grams (n = 1 to <see cref="MaxN"/>) of the text elements of <c>⟨text⟩</c>.</summary>
        public static IEnumerable<string> Grams(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            var elements = new List<string> { "\u27e8" };
            var enumerator = StringInfo.GetTextElementEnumerator(text.Normalize(NormalizationForm.FormC));
            while (enumerator.MoveNext()) elements.Add(enumerator.GetTextElement());
            elements.Add("\u27e9");
            for (int n = 1; n <= MaxN; n++)
                for (int i = 0; i + n <= elements.Count; i++)
                    yield return string.Concat(elements.Skip(i).Take(n));
        }
    }
}
