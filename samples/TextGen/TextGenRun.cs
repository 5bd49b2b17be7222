using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace TextGenSample
{
    /// <summary>The TextGen sample's pipeline: load and split the text, the Kneser–Ney baseline, (later) the character model, reports.</summary>
    public static class TextGenRun
    {
        /// <summary>Runs the sample and writes its report to <paramref name="output"/>.</summary>
        /// <exception cref="IOException">The text file cannot be read, is not UTF-8 or is too short.</exception>
        public static TextGenResult Run(TextGenOptions options, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            var split = CharacterSplit.Load(options.Text);
            int train = split.Train.Length, test = split.Test.Length;
            output.WriteLine(Invariant($"text: {options.Text}: {train + test:N0} characters, {split.Vocabulary.Count - 2} distinct in the training part; the first {train:N0} train, the last {test:N0} test"));
            if (split.UnseenTestCharacters > 0)
                output.WriteLine(Invariant($"test characters not in the training part: {split.UnseenTestCharacters:N0} (context for the next ones, but not scored)"));

            var stopwatch = Stopwatch.StartNew();
            var baseline = KneserNey.Train(split.Train.Span, KneserNey.DefaultOrder);
            var (baselineBits, scored) = baseline.Evaluate(split.Test.Span);
            stopwatch.Stop();
            var top = baseline.Discounts[^1];
            output.WriteLine(Invariant($"baseline: interpolated modified Kneser-Ney character {baseline.Order}-gram (discounts of the {baseline.Order}-grams: {top.One:F3}, {top.Two:F3}, {top.ThreeOrMore:F3}), {stopwatch.Elapsed.TotalSeconds:F1} s"));
            output.WriteLine(Invariant($"baseline bits per char: {baselineBits:F3}"));

            // ---- The character language model: waits for recurrent state and Generate (issue 17, contract points 1-3, 6). ----
            // To do here, once they exist:
            // - declare the model (Embedding of split.Vocabulary.Count ids, an LSTM, a Dense back to split.Vocabulary.Count)
            //   and train it with Fit(stateful: true, shuffle: false) on Sequences.Chunks(split.Train, batchSize, length)
            //   for options.Minutes, seeded with options.Seed;
            // - print "test bits per char: Y" on split.Test, scored as the baseline is (cross-entropy / ln 2, the test ids
            //   that are Vocabulary.OutOfVocabularyId are context but not scored) so that Y and the baseline compare;
            // - print 400 generated characters at temperatures 0.2, 0.5 and 1.0 from a fixed prompt (Sampling.Temperature,
            //   seeded), and write the model with ExportOnnx to options.Export when it is set.
            output.WriteLine("model: not built yet (it needs the recurrent state and Generate of issue 17); only the baseline ran");
            return new TextGenResult(baselineBits, train, test, scored, stopwatch.Elapsed.TotalSeconds);
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
