using System;
using System.IO;
using System.Linq;
using LanguageIdSample;
using Rnn.Data;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace Rnn.Runtime.Tests.Samples
{
    public sealed class LanguageIdSampleTests : IDisposable
    {
        private readonly ITestOutputHelper _output;
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-langid-").FullName;

        public LanguageIdSampleTests(ITestOutputHelper output) => _output = output;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        // The sample's whole pipeline on a small subset of the shipped words: the first 300 words (a random sample, by
        // construction of the files) of six languages. On so few words the naive Bayes baseline is stronger than the
        // character model (measured: 6 x 400 words, 10 epochs: baseline 0.8333, model 0.7625), so this checks that
        // both learn (far above the 1/6 of chance) and the report's form; the full data is measured in README.md.
        [Fact]
        public void Pipeline_OnShippedSubset_LearnsAndReports()
        {
            string languages = Path.Combine(Mnist.FindSampleDirectory(), "languages");
            foreach (string label in new[] { "english", "german", "polish", "spanish", "french", "dutch" })
                File.WriteAllLines(Path.Combine(_dir, label + ".txt"), File.ReadLines(Path.Combine(languages, label + ".txt")).Take(300));
            var log = new StringWriter();
            int threads = torch.get_num_threads();
            torch.set_num_threads(1); // a small model: intra-op threads only spin, the worse the busier the machine
            LanguageIdResult result;
            try
            {
                result = LanguageIdRun.Run(new LanguageIdOptions(_dir, Epochs: 8, Seed: 1), log);
            }
            finally
            {
                torch.set_num_threads(threads);
            }

            _output.WriteLine(log.ToString());
            Assert.InRange(result.BaselineAccuracy, 0.5, 1);
            Assert.InRange(result.TestAccuracy, 0.5, 1);
            string text = log.ToString();
            Assert.Contains("confusion matrix (rows: true class, columns: predicted class)", text);
            Assert.Contains("  english ", text);
            string[] last = text.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).TakeLast(2).ToArray();
            Assert.Matches(@"^baseline accuracy: 0\.\d{4}$", last[0]);
            Assert.Matches(@"^test accuracy: [01]\.\d{4}$", last[1]);
        }

        [Fact]
        public void NaiveBayes_LearnsCharacterNgrams()
        {
            var train = new LabeledTexts(new[] { "a", "b" }, new[] { "aaa", "aab", "bbb", "bba" }, new[] { 0, 0, 1, 1 });
            var model = NaiveBayes.Train(train);

            Assert.Equal(0, model.Predict("aaaa"));
            Assert.Equal(1, model.Predict("bbbb"));
            Assert.Equal(new[] { "⟨", "a", "⟩", "⟨a", "a⟩", "⟨a⟩" }, NaiveBayes.Grams("a"));
        }

        [Fact]
        public void Report_PrecisionRecallAndConfusion()
        {
            // true: a a a b; predicted: a b a b → a: precision 2/2, recall 2/3; b: precision 1/2, recall 1/1.
            var report = new ClassificationReport(new[] { "a", "b" }, new[] { 0, 0, 0, 1 }, new[] { 0, 1, 0, 1 });

            Assert.Equal(0.75, report.Accuracy, 12);
            Assert.Equal((1.0, 2.0 / 3), (report.Precision(0), report.Recall(0)));
            Assert.Equal((0.5, 1.0), (report.Precision(1), report.Recall(1)));
            Assert.Equal(1, report[0, 1]);
            Assert.Equal(0, report[1, 0]);
        }
    }
}
