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

        /// <summary>An n-gram gets an id when it occurs at least this often in the training words; rarer ones are out of vocabulary.</summary>
        public const int MinFrequency = 2;

        /// <summary>Runs the sample and writes its report to <paramref name="output"/>, ending with the two accuracy lines.</summary>
        /// <exception cref="IOException">The data folder cannot be read or is invalid.</exception>
        public static LanguageIdResult Run(LanguageIdOptions options, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            var data = TextClassificationFolder.Load(options.Data);
            var (train, test) = data.Split(options.TestFraction, unchecked((int)options.Seed));
            output.WriteLine(Invariant($"data: {data.Count:N0} examples of {data.Classes.Count} classes in {options.Data}; {train.Count:N0} train, {test.Count:N0} test (split per class, seed {options.Seed})"));

            var baseline = NaiveBayes.Train(train);
            var baselineReport = new ClassificationReport(data.Classes, test.Labels, test.Texts.Select(baseline.Predict).ToArray());
            baselineReport.WriteTable(output, Invariant($"baseline: character 1-{NaiveBayes.MaxN}-gram naive Bayes (alpha {NaiveBayes.DefaultAlpha})"));

            var stopwatch = Stopwatch.StartNew();
            var ngramTrain = Ngrams(train);
            var ngramTest = Ngrams(test);
            var vocabulary = Vocabulary.Build(ngramTrain.Texts, TokenLevel.Word, maxSize: WordClassifier.MaxNgrams, minFrequency: MinFrequency);
            output.WriteLine(Invariant($"vocabulary: {vocabulary.Count:N0} ids (0 padding, 1 unknown) of the character 1-{NaiveBayes.MaxN}-grams seen at least {MinFrequency} times in the training words"));
            using var model = CharacterModel.Train(ngramTrain, vocabulary, options, output);
            stopwatch.Stop();
            using var testX = Encode(vocabulary, ngramTest);
            var predicted = CharacterModel.Predict(model, testX, data.Classes.Count);
            var report = new ClassificationReport(data.Classes, test.Labels, predicted);
            report.WriteTable(output, Invariant($"model: embedding of the character 1-{NaiveBayes.MaxN}-grams, average, dense (trained by Fit)"));
            report.WriteConfusion(output);
            output.WriteLine(Invariant($"training time: {stopwatch.Elapsed.TotalSeconds:F1} s"));
            output.WriteLine(Invariant($"baseline accuracy: {baselineReport.Accuracy:F4}"));
            output.WriteLine(Invariant($"test accuracy: {report.Accuracy:F4}"));
            return new LanguageIdResult(baselineReport.Accuracy, report.Accuracy, stopwatch.Elapsed.TotalSeconds);
        }

        /// <summary>The same examples with each text replaced by its n-grams (<see cref="CharacterNgrams.Text"/>).</summary>
        public static LabeledTexts Ngrams(LabeledTexts texts)
        {
            ArgumentNullException.ThrowIfNull(texts);
            return new LabeledTexts(texts.Classes, texts.Texts.Select(CharacterNgrams.Text).ToArray(), texts.Labels);
        }

        /// <summary>The texts as int64 ids [n, time], right-padded with 0 (masked layers expect right padding).</summary>
        public static Tensor Encode(Vocabulary vocabulary, LabeledTexts texts)
        {
            ArgumentNullException.ThrowIfNull(vocabulary);
            ArgumentNullException.ThrowIfNull(texts);
            int longest = texts.Texts.Max(t => vocabulary.Tokenize(t).Count);
            return Sequences.Pad(vocabulary.Encode(texts.Texts), Math.Min(longest, MaxLength),
                padding: SequenceEnd.Post, truncating: SequenceEnd.Post);
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
