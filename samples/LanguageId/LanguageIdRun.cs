using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Rnn.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageIdSample
{
    /// <summary>The LanguageId sample's pipeline: load, split, naive Bayes baseline, character model, reports.</summary>
    public static class LanguageIdRun
    {
        /// <summary>The most n-grams a word is read with (a word of 32 characters has 160); longer words keep their first ones.</summary>
        public const int MaxLength = 160;

        /// <summary>
        /// An n-gram gets an id when it occurs at least this often in the training words (and the table has room): once, as
        /// naive Bayes counts every n-gram it has seen. Rarer n-grams are out of vocabulary.
        /// </summary>
        public const int MinFrequency = 1;

        /// <summary>Runs the sample and writes its report to <paramref name="output"/>, ending with the two accuracy lines.</summary>
        /// <exception cref="IOException">The data folder cannot be read or is invalid (<see cref="InvalidDataException"/>: a
        /// class file is not UTF-8, has a line over <see cref="TextClassificationFolder.MaxLineBytes"/>, or has too few words
        /// to split).</exception>
        public static LanguageIdResult Run(LanguageIdOptions options, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            var data = TextClassificationFolder.Load(options.Data);
            RequireSplittable(data, options);
            var (train, test) = data.Split(options.TestFraction, unchecked((int)options.Seed));
            output.WriteLine(Invariant($"data: {data.Count:N0} examples of {data.Classes.Count} classes in {options.Data}; {train.Count:N0} train, {test.Count:N0} test (split per class, seed {options.Seed})"));

            var ngrams = new CharacterNgrams(); // each word is split into its n-grams once, for the baseline and the model
            var baseline = NaiveBayes.Train(train, ngrams);
            var baselineReport = new ClassificationReport(data.Classes, test.Labels, test.Texts.Select(baseline.Predict).ToArray());
            baselineReport.WriteTable(output, Invariant($"baseline: character 1-{CharacterNgrams.MaxN}-gram naive Bayes (alpha {NaiveBayes.DefaultAlpha})"));

            var stopwatch = Stopwatch.StartNew();
            // Each n-gram is a one-word text for the word-level vocabulary.
            var vocabulary = Vocabulary.Build(train.Texts.SelectMany(ngrams.Of), TokenLevel.Word, maxSize: WordClassifier.MaxNgrams, minFrequency: MinFrequency);
            output.WriteLine(Invariant($"vocabulary: {vocabulary.Count:N0} ids (0 padding, 1 unknown) for the most frequent character 1-{CharacterNgrams.MaxN}-grams of the training words"));
            using var testX = Encode(test, ngrams, vocabulary); // before training: the n-grams are not needed after it
            var models = CharacterModel.Train(train, ngrams, vocabulary, options, output);
            stopwatch.Stop();
            int[] predicted;
            try { predicted = CharacterModel.Predict(models, testX, data.Classes.Count); }
            finally { foreach (var model in models) model.Dispose(); }
            var report = new ClassificationReport(data.Classes, test.Labels, predicted);
            report.WriteTable(output, Invariant($"model: {CharacterModel.Members} x (embedding of the character 1-{CharacterNgrams.MaxN}-grams, average, dense), probabilities averaged (trained by Fit)"));
            report.WriteConfusion(output);
            output.WriteLine(Invariant($"training time: {stopwatch.Elapsed.TotalSeconds:F1} s"));
            output.WriteLine(Invariant($"baseline accuracy: {baselineReport.Accuracy:F4}"));
            output.WriteLine(Invariant($"test accuracy: {report.Accuracy:F4}"));
            return new LanguageIdResult(baselineReport.Accuracy, report.Accuracy, stopwatch.Elapsed.TotalSeconds, test.Count);
        }

        /// <summary>
        /// The fewest words a class needs so that the split per class leaves it at least one test word
        /// (<see cref="LabeledTexts.TestCount"/>) and one training word.
        /// </summary>
        public static int MinWordsPerClass(double testFraction)
        {
            for (int n = 1; ; n++)
            {
                int test = LabeledTexts.TestCount(n, testFraction);
                if (test >= 1 && n - test >= 1) return n;
            }
        }

        /// <summary>Refuses a data set with a class too small to split, naming its file (issue 19: it crashed with "Sequence contains no elements").</summary>
        /// <exception cref="InvalidDataException">A class has fewer than <see cref="MinWordsPerClass"/> words.</exception>
        private static void RequireSplittable(LabeledTexts data, LanguageIdOptions options)
        {
            int needed = MinWordsPerClass(options.TestFraction);
            for (int c = 0; c < data.Classes.Count; c++)
            {
                int count = data.Labels.Count(l => l == c);
                if (count < needed)
                    throw new InvalidDataException(
                        Invariant($"LanguageId: the class file '{Path.Combine(options.Data, data.Classes[c] + ".txt")}' has {count} word{(count == 1 ? "" : "s")}, too few to split: ") +
                        Invariant($"each class needs at least {needed} ({options.TestFraction * 100:0.#}% for testing, the rest for training)."));
            }
        }

        /// <summary>
        /// The words as the int64 ids of their n-grams [n, time], right-padded with 0 (masked layers expect right
        /// padding) to the most n-grams of a word, at most <see cref="MaxLength"/>.
        /// </summary>
        public static Tensor Encode(LabeledTexts words, CharacterNgrams ngrams, Vocabulary vocabulary)
        {
            ArgumentNullException.ThrowIfNull(words);
            ArgumentNullException.ThrowIfNull(ngrams);
            ArgumentNullException.ThrowIfNull(vocabulary);
            int[][] ids = words.Texts.Select(word => ngrams.Of(word).Select(vocabulary.IdOf).ToArray()).ToArray();
            return Sequences.Pad(ids, Math.Min(ids.Max(word => word.Length), MaxLength),
                padding: SequenceEnd.Post, truncating: SequenceEnd.Post);
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
