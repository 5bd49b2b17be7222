using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Rnn;

namespace TextGenSample
{
    /// <summary>
    /// The TextGen sample's pipeline: load and split the text, the Kneser–Ney baseline, the character model (trained
    /// statefully within the budget, scored on the test part, then writing text), and the export.
    /// </summary>
    public static class TextGenRun
    {
        /// <summary>The characters generated at each temperature.</summary>
        public const int GeneratedCharacters = 400;

        /// <summary>The temperatures of the generated texts, from cautious to adventurous.</summary>
        public static readonly IReadOnlyList<double> Temperatures = new[] { 0.2, 0.5, 1.0 };

        /// <summary>The prompt every text starts from, when the text has all its characters.</summary>
        public const string Prompt = "And it came to pass, that ";

        /// <summary>Runs the sample and writes its report to <paramref name="output"/>.</summary>
        /// <exception cref="IOException">The text file cannot be read, is not UTF-8 or is too short.</exception>
        public static TextGenResult Run(TextGenOptions options, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            var split = CharacterSplit.Load(options.Text, CharacterModel.Vocabulary);
            int train = split.Train.Length, test = split.Test.Length;
            output.WriteLine(Invariant($"text: {options.Text}: {train + test:N0} characters, {split.Vocabulary.Count - 2} distinct in the training part; the first {train:N0} train, the last {test:N0} test"));
            if (split.UnseenTestCharacters > 0)
                output.WriteLine(Invariant($"test characters not in the vocabulary: {split.UnseenTestCharacters:N0} (id 1: context for the next ones, scored only if training has id 1 too)"));
            // Moved first, so that a device that is not there fails before the baseline and the training.
            using var model = new CharacterModel(options.Seed).To(ComputeDevice.Parse(options.Device));
            var (baseline, baselineBits, scored, baselineSeconds) = RunBaseline(split, output);

            var budget = Train(model, split, options, output);
            var (modelBits, _) = CharacterScores.Evaluate(model, split.Train.Span[^1], split.Test.Span, baseline.Symbols);
            output.WriteLine(Invariant($"test bits per char: {modelBits:F3}"));

            var samples = Generate(model, split, options.Seed, output);
            if (options.Export is not null)
            {
                model.ExportOnnx(options.Export);
                output.WriteLine($"exported: {options.Export}");
            }
            return new TextGenResult(baselineBits, train, test, scored, baselineSeconds, modelBits, budget.Steps, budget.Elapsed.TotalSeconds, samples);
        }

        /// <summary>The Kneser–Ney baseline on the split, reported: the model, its bits per character, the characters it scored and its time.</summary>
        private static (KneserNey Model, double BitsPerChar, int Scored, double Seconds) RunBaseline(CharacterSplit split, TextWriter output)
        {
            var stopwatch = Stopwatch.StartNew();
            var baseline = KneserNey.Train(split.Train.Span, KneserNey.DefaultOrder);
            var (bits, scored) = baseline.Evaluate(split.Test.Span);
            stopwatch.Stop();
            var top = baseline.Discounts[^1];
            output.WriteLine(Invariant($"baseline: interpolated modified Kneser-Ney character {baseline.Order}-gram (discounts of the {baseline.Order}-grams: {top.One:F3}, {top.Two:F3}, {top.ThreeOrMore:F3}), {stopwatch.Elapsed.TotalSeconds:F1} s"));
            output.WriteLine(Invariant($"baseline bits per char: {bits:F3}"));
            return (baseline, bits, scored, stopwatch.Elapsed.TotalSeconds);
        }

        /// <summary>Trains the model within the options' budget, reporting what it trains and how far it got.</summary>
        private static TrainingBudget Train(CharacterModel model, CharacterSplit split, TextGenOptions options, TextWriter output)
        {
            output.WriteLine(Invariant($"model: {CharacterModel.Description}; stateful training on {options.BatchSize} streams in chunks of {options.Length} characters, {options.Steps:N0} steps{(options.Minutes is double minutes ? Invariant($" (at most {minutes:0.##} min)") : "")}, on {model.ComputeDevice}"));
            var budget = CharacterTraining.Train(model, split, options, output);
            int batches = (split.Train.Length - 1) / (options.BatchSize * options.Length);
            output.WriteLine(Invariant($"trained: {budget.Steps:N0} steps ({(double)budget.Steps / batches:F2} epochs of {batches:N0}) in {budget.Elapsed.TotalMinutes:F1} min, {budget.Elapsed.TotalMilliseconds / Math.Max(1, budget.Steps):F0} ms per step"));
            return budget;
        }

        /// <summary>Writes <see cref="GeneratedCharacters"/> characters after the prompt at each of the <see cref="Temperatures"/>.</summary>
        private static List<(double Temperature, string Text)> Generate(CharacterModel model, CharacterSplit split, long seed, TextWriter output)
        {
            string prompt = PromptFor(split);
            long[] ids = split.Vocabulary.Encode(prompt).Select(id => (long)id).ToArray();
            output.WriteLine(Invariant($"prompt: \"{prompt}\""));
            var samples = new List<(double, string)>();
            foreach (double temperature in Temperatures)
            {
                string text = split.Decode(model.Generate(ids, GeneratedCharacters, Sampling.Temperature(temperature, seed)));
                samples.Add((temperature, text));
                output.WriteLine(Invariant($"--- temperature {temperature:0.0}: {prompt}"));
                output.WriteLine(text);
            }
            return samples;
        }

        /// <summary><see cref="Prompt"/>, or, when the text lacks one of its characters, the test part's first line (at most 60 characters).</summary>
        private static string PromptFor(CharacterSplit split)
        {
            if (split.Vocabulary.Encode(Prompt).All(id => id != Rnn.Data.Vocabulary.OutOfVocabularyId)) return Prompt;
            string start = split.Decode(split.Test.ToArray().Take(200).Select(id => (long)id));
            string line = start.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? start;
            return line.Length > 60 ? line[..60] : line;
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
