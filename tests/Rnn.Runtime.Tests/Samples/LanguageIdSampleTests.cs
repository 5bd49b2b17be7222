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
        private static readonly string[] Subset = { "spanish", "portuguese" };
        private const int SubsetWords = 3000;

        private readonly ITestOutputHelper _output;
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-langid-").FullName;

        public LanguageIdSampleTests(ITestOutputHelper output) => _output = output;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        // The sample's whole pipeline, with its default options, on a small subset of the shipped words: two languages
        // naive Bayes often confuses (Spanish and Portuguese, 3,000 words each, 2 x 600 test words). Measured at seed 1:
        // model 0.9392, naive Bayes 0.9292 (32,768-row embedding). The run is deterministic (seeded weights and shuffling, no dropout, one
        // thread). The margin needs the defaults: batch 128 gave 0.9225 and batch 256 0.9250, and other small subsets
        // are a tie or a loss for the model (README.md, LanguageId).
        [Fact]
        public void Pipeline_OnShippedSubset_BeatsNaiveBayes()
        {
            string languages = Path.Combine(Mnist.FindSampleDirectory(), "languages");
            foreach (string label in Subset)
                File.WriteAllLines(Path.Combine(_dir, label + ".txt"), File.ReadLines(Path.Combine(languages, label + ".txt")).Take(SubsetWords));
            var log = new StringWriter();
            int threads = torch.get_num_threads();
            torch.set_num_threads(1); // deterministic, and a small model: intra-op threads only spin, the worse the busier the machine
            LanguageIdResult result;
            try
            {
                result = LanguageIdRun.Run(new LanguageIdOptions(_dir, Seed: 1), log);
            }
            finally
            {
                torch.set_num_threads(threads);
            }

            _output.WriteLine(log.ToString());
            Assert.True(result.TestAccuracy > result.BaselineAccuracy,
                $"model {result.TestAccuracy:F4} should beat naive Bayes {result.BaselineAccuracy:F4}");
            string text = log.ToString();
            Assert.Contains("confusion matrix (rows: true class, columns: predicted class)", text);
            Assert.Contains($"  {Subset[0]} ", text);
            string[] last = text.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).TakeLast(2).ToArray();
            Assert.Matches(@"^baseline accuracy: 0\.\d{4}$", last[0]);
            Assert.Matches(@"^test accuracy: [01]\.\d{4}$", last[1]);
        }

        [Fact]
        public void Run_WithMoreClassesThanTheModelHas_ThrowsNamingTheLimit()
        {
            for (int c = 0; c <= WordClassifier.MaxClasses; c++)
                File.WriteAllLines(Path.Combine(_dir, $"class{c}.txt"), new[] { "alpha", "beta", "gamma", "delta", "epsilon" });

            var error = Assert.Throws<ArgumentException>(() => LanguageIdRun.Run(new LanguageIdOptions(_dir, Epochs: 1), TextWriter.Null));

            Assert.Contains($"{WordClassifier.MaxClasses + 1} classes", error.Message);
            Assert.Contains($"WordClassifier has {WordClassifier.MaxClasses} outputs", error.Message);
        }

        [Fact]
        public void CharacterNgrams_AreTheNgramsOfTheMarkedWord_EachOneVocabularyToken()
        {
            Assert.Equal(new[] { "⟨", "a", "⟩", "⟨a", "a⟩", "⟨a⟩" }, CharacterNgrams.Split("a"));
            // White space inside a text would split an n-gram into two vocabulary tokens: it is written as U+2581.
            string[] spaced = CharacterNgrams.Split("a b");
            Assert.Equal(new[] { "⟨", "a", "\u2581", "b", "⟩", "⟨a", "a\u2581" }, spaced.Take(7));
            var vocabulary = Vocabulary.Build(spaced, TokenLevel.Word);
            Assert.All(spaced, ngram => Assert.Equal(new[] { ngram }, vocabulary.Tokenize(ngram)));
            // Text elements, NFC: "e" + combining acute is one character, é.
            Assert.Equal(new[] { "⟨", "\u00e9", "⟩" }, CharacterNgrams.Split("e\u0301").Take(3));
        }

        [Fact]
        public void CharacterNgrams_SplitEachWordOnce()
        {
            var ngrams = new CharacterNgrams();

            var first = ngrams.Of("word");
            Assert.Same(first, ngrams.Of("word"));
            Assert.Equal(CharacterNgrams.Split("word"), first);
            // The n-gram "ab" of two words is one string.
            Assert.Same(ngrams.Of("cab").Single(g => g == "ab"), ngrams.Of("abc").Single(g => g == "ab"));
        }

        [Fact]
        public void NaiveBayes_LearnsCharacterNgrams()
        {
            var train = new LabeledTexts(new[] { "a", "b" }, new[] { "aaa", "aab", "bbb", "bba" }, new[] { 0, 0, 1, 1 });
            var model = NaiveBayes.Train(train, new CharacterNgrams());

            Assert.Equal(0, model.Predict("aaaa"));
            Assert.Equal(1, model.Predict("bbbb"));
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
