using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Rnn.Data;
using TextGenSample;
using Xunit;
using Xunit.Abstractions;

namespace Rnn.Runtime.Tests.Samples
{
    public sealed class TextGenSampleTests : IDisposable
    {
        private readonly ITestOutputHelper _output;
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-textgen-").FullName;

        public TextGenSampleTests(ITestOutputHelper output) => _output = output;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static string Kjv => Path.Combine(Mnist.FindSampleDirectory(), "kjv", "kjv.txt.gz");

        /// <summary>The first <paramref name="characters"/> characters of the shipped Bible (ASCII, so chars are characters).</summary>
        private static string KjvExcerpt(int characters)
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(Kjv), CompressionMode.Decompress), Encoding.UTF8);
            var buffer = new char[characters];
            reader.ReadBlock(buffer, 0, characters);
            return new string(buffer);
        }

        // Hand-checked: a unigram model of "aaabbc" (counts 3, 2, 1; count-of-counts 1, 1, 1, 0) has Y = 1/3 and
        // discounts D1 = 1/3, D2 = 2 - 3 * 1/3 * 1/1 = 1, D3+ = 3 - 4 * 1/3 * 0/1 = 3. Backoff mass 1/3 + 1 + 3 = 13/3,
        // spread uniformly (1/3 each); total 6: P(a) = (3 - 3 + 13/9) / 6 = 13/54, P(b) = (2 - 1 + 13/9) / 6 = 22/54,
        // P(c) = (1 - 1/3 + 13/9) / 6 = 19/54.
        [Fact]
        public void KneserNey_Unigram_IsTheHandComputedDistribution()
        {
            var model = KneserNey.Train(new[] { 0, 0, 0, 1, 1, 2 }, order: 1);

            Assert.Equal(new KneserNeyDiscounts(1.0 / 3, 1, 3), model.Discounts[0]);
            Assert.Equal(13.0 / 54, model.Probability(ReadOnlySpan<int>.Empty, 0), 12);
            Assert.Equal(22.0 / 54, model.Probability(ReadOnlySpan<int>.Empty, 1), 12);
            Assert.Equal(19.0 / 54, model.Probability(new[] { 2, 1 }, 2), 12); // a unigram model ignores its context
        }

        [Fact]
        public void KneserNeyDiscounts_FollowChenAndGoodman_AndStayInRange()
        {
            // n1..n4 = 100, 40, 20, 10: Y = 100 / 180; D2 = 2 - 3Y 20/40; D3+ = 3 - 4Y 10/20.
            double y = 100.0 / 180;
            var d = KneserNeyDiscounts.Estimate(100, 40, 20, 10);
            Assert.Equal(y, d.One, 12);
            Assert.Equal(2 - 3 * y * 0.5, d.Two, 12);
            Assert.Equal(3 - 4 * y * 0.5, d.ThreeOrMore, 12);
            Assert.Equal((0.0, d.One, d.Two, d.ThreeOrMore, d.ThreeOrMore), (d.For(0), d.For(1), d.For(2), d.For(3), d.For(40)));
            // No count of 2 or 3 (a tiny text): those discounts fall back to Y; a negative estimate is clamped to 0.
            Assert.Equal(new KneserNeyDiscounts(1, 1, 1), KneserNeyDiscounts.Estimate(5, 0, 0, 0));
            Assert.Equal(0, KneserNeyDiscounts.Estimate(10, 1, 50, 0).Two);
        }

        // The issue's check: every context's probabilities sum to 1 over the vocabulary, whether the context was seen
        // (at every order, or only its end), is shorter than the order, holds an unseen character, or is empty.
        [Fact]
        public void KneserNey_ProbabilitiesOfEachContext_SumToOneOverTheVocabulary()
        {
            var split = CharacterSplit.Split(KjvExcerpt(20_000), "excerpt");
            var model = KneserNey.Train(split.Train.Span, order: 5);
            int[] vocabulary = Enumerable.Range(2, split.Vocabulary.Count - 2).ToArray();
            Assert.Equal(vocabulary, model.Symbols); // the ids of the training characters, no padding or unknown

            int[] test = split.Test.ToArray();
            var contexts = Enumerable.Range(0, 40).Select(i => test.AsSpan(i * 37, 4).ToArray()).ToList();
            contexts.Add(Array.Empty<int>());
            contexts.Add(split.Vocabulary.Encode("d"));
            contexts.Add(split.Vocabulary.Encode("And the"));             // longer than the order: its last 4 count
            contexts.Add(split.Vocabulary.Encode("zzzz"));               // never seen at any order above 1
            contexts.Add(new[] { 5, 7, Vocabulary.OutOfVocabularyId, 3 }); // an unseen character in the middle
            foreach (int[] context in contexts)
            {
                double sum = vocabulary.Sum(id => model.Probability(context, id));
                Assert.True(Math.Abs(sum - 1) < 1e-9, $"context [{string.Join(", ", context)}]: the probabilities sum to {sum:R}");
                Assert.All(vocabulary, id => Assert.True(model.Probability(context, id) > 0));
            }
            Assert.Contains($"id {Vocabulary.PaddingId} is not one of the {vocabulary.Length} ids of the training sequence",
                Assert.Throws<ArgumentException>(() => model.Probability(contexts[0], Vocabulary.PaddingId)).Message);
        }

        // The issue's check: on held-out text a higher order predicts better. On 100,000 characters of the Bible the
        // orders give (measured) 1: 4.44, 3: 2.48, 5: 1.85 bits per character on the last 10,000.
        [Fact]
        public void KneserNey_BeatsLowerOrders_OnHeldOutText()
        {
            var split = CharacterSplit.Split(KjvExcerpt(100_000), "excerpt");

            double Bits(int order) => KneserNey.Train(split.Train.Span, order).Evaluate(split.Test.Span).BitsPerSymbol;
            double unigram = Bits(1), trigram = Bits(3), fivegram = Bits(5);

            _output.WriteLine($"bits per char: 1-gram {unigram:F4}, 3-gram {trigram:F4}, 5-gram {fivegram:F4}");
            Assert.True(trigram < unigram - 1, $"3-gram {trigram:F4} should beat the 1-gram {unigram:F4} by over a bit");
            Assert.True(fivegram < trigram - 0.3, $"5-gram {fivegram:F4} should beat the 3-gram {trigram:F4} by over 0.3 bit");
        }

        [Fact]
        public void KneserNey_Evaluate_SkipsIdsItHasNoProbabilityFor_ButUsesThemAsContext()
        {
            var model = KneserNey.Train(new[] { 2, 3, 2, 3, 2, 3, 4 }, order: 2);

            var (bits, scored) = model.Evaluate(new[] { 2, 9, 3, 2 });

            Assert.Equal(3, scored);
            // 2 with no context, 3 after the unseen 9 (which backs off to the unigram), 2 after 3.
            double expected = -(Math.Log2(model.Probability(ReadOnlySpan<int>.Empty, 2)) + Math.Log2(model.Probability(new[] { 9 }, 3))
                + Math.Log2(model.Probability(new[] { 3 }, 2))) / 3;
            Assert.Equal(expected, bits, 12);
            Assert.Equal(model.Probability(ReadOnlySpan<int>.Empty, 3), model.Probability(new[] { 9 }, 3), 15);
        }

        [Fact]
        public void KneserNey_RejectsBadTrainingIds()
        {
            Assert.Contains("empty", Assert.Throws<ArgumentException>(() => KneserNey.Train(ReadOnlySpan<int>.Empty)).Message);
            Assert.Contains("id 1 is -4", Assert.Throws<ArgumentException>(() => KneserNey.Train(new[] { 1, -4 })).Message);
            Assert.Contains("order must be 1 to 16, but was 0", Assert.Throws<ArgumentOutOfRangeException>(() => KneserNey.Train(new[] { 1 }, 0)).Message);
        }

        [Fact]
        public void CharacterSplit_TrainsOnTheFirstNinetyPercentOfTheCharacters_AndMarksUnseenTestCharacters()
        {
            // 100 characters: "e" + combining acute is one (é, NFC), as is "\r\n"; the last 10 hold "Z", never seen in training.
            string text = string.Concat(Enumerable.Repeat("ab\u0065\u0301\r\n", 22)) + "ab" + "abcZZabcab";
            var split = CharacterSplit.Split(text, "mixed");

            Assert.Equal(90, split.Train.Length);
            Assert.Equal(10, split.Test.Length);
            Assert.Equal(new[] { "", "[UNK]", "a", "b", "\u00e9", "\r\n" }.Order(), split.Vocabulary.Tokens.Order());
            Assert.Equal("abcZZabcab".Count(c => c is 'c' or 'Z'), split.UnseenTestCharacters);
            Assert.Equal(Vocabulary.OutOfVocabularyId, split.Test.Span[3]);
            Assert.Equal(split.Vocabulary.IdOf("a"), split.Train.Span[0]);
        }

        [Fact]
        public void CharacterSplit_RejectsShortTextsAndFilesThatAreNotUtf8_NamingThem()
        {
            var shortText = Assert.Throws<InvalidDataException>(() => CharacterSplit.Split("too short", "tiny.txt"));
            Assert.Equal($"TextGen: the text 'tiny.txt' has 9 characters; it needs at least {CharacterSplit.MinCharacters}.", shortText.Message);

            string latin1 = Path.Combine(_dir, "latin1.txt");
            File.WriteAllBytes(latin1, Encoding.Latin1.GetBytes(new string('x', 200) + "caf\u00e9"));
            Assert.Contains($"'{latin1}' is not valid UTF-8", Assert.Throws<InvalidDataException>(() => CharacterSplit.Load(latin1)).Message);
            Assert.Contains("does not exist", Assert.Throws<FileNotFoundException>(() => CharacterSplit.Load(Path.Combine(_dir, "none.txt"))).Message);
        }

        // The shipped text, as the README's command reads it: the first 90% of 4,298,239 characters train.
        [Fact]
        public void CharacterSplit_OfTheShippedBible_HasItsDocumentedSizes()
        {
            var split = CharacterSplit.Load(Kjv);

            Assert.Equal((3_868_415, 429_824, 75, 0), (split.Train.Length, split.Test.Length, split.Vocabulary.Count, split.UnseenTestCharacters));
        }

        /// <summary>The bits per character of the test part under the training part's character frequencies (add-one smoothed).</summary>
        private static double UnigramBits(CharacterSplit split)
        {
            var counts = new double[split.Vocabulary.Count];
            foreach (int id in split.Train.Span) counts[id]++;
            double total = counts.Sum() + counts.Length;
            return split.Test.ToArray().Average(id => -Math.Log2((counts[id] + 1) / total));
        }

        // The whole pipeline on 30,000 characters, with a small budget (100 steps of 8 streams × 40 characters): the
        // report in the issue's order, a model that learned more than character frequencies (a wrong shift of the
        // targets would leave it worse than them), and text at each temperature.
        [Fact]
        public void Pipeline_OnAPlainTextFile_TrainsTheModel_ScoresIt_AndWritesText()
        {
            string path = Path.Combine(_dir, "excerpt.txt");
            File.WriteAllText(path, KjvExcerpt(30_000));
            var log = new StringWriter();

            string onnx = Path.Combine(_dir, "model.onnx");
            var result = TextGenRun.Run(new TextGenOptions(path, Export: onnx, Steps: 100, Device: "cpu") { BatchSize = 8, Length = 40 }, log);

            string report = log.ToString();
            _output.WriteLine(report);
            Assert.Contains(", 100 steps, on cpu" + Environment.NewLine, report); // the training line names the device
            int unseen = CharacterSplit.Split(KjvExcerpt(30_000), "excerpt").UnseenTestCharacters; // 3: characters the first 27,000 lack
            Assert.Equal((27_000, 3_000, 3_000 - unseen, 100), (result.TrainCharacters, result.TestCharacters, result.ScoredTestCharacters, result.TrainingSteps));
            Assert.InRange(result.BaselineBitsPerChar, 1, 4); // a 5-gram model of English: far below uniform, log2(60) = 5.9
            double unigram = UnigramBits(CharacterSplit.Split(KjvExcerpt(30_000), "excerpt"));
            Assert.True(result.ModelBitsPerChar < unigram - 0.5,
                $"the model's {result.ModelBitsPerChar:F3} bits per char should be well below the {unigram:F3} of the character frequencies");
            string[] lines =
            {
                $"baseline bits per char: {result.BaselineBitsPerChar:F3}",
                $"test bits per char: {result.ModelBitsPerChar:F3}",
                $"prompt: \"{TextGenRun.Prompt}\"",
                $"--- temperature 0.2: {TextGenRun.Prompt}",
                $"--- temperature 0.5: {TextGenRun.Prompt}",
                $"--- temperature 1.0: {TextGenRun.Prompt}",
            };
            var at = lines.Select(line => report.IndexOf(line + Environment.NewLine, StringComparison.Ordinal)).ToList();
            Assert.All(at, index => Assert.True(index >= 0, "a line of the report is missing"));
            Assert.Equal(at.Order(), at);
            Assert.Equal(TextGenRun.Temperatures, result.Samples.Select(s => s.Temperature));
            Assert.All(result.Samples, sample => Assert.InRange(sample.Text.Length, 390, 400)); // 400 characters; padding (never a target) decodes to nothing
            Assert.EndsWith($"exported: {onnx}{Environment.NewLine}", report);
            Assert.True(new FileInfo(onnx).Length > CharacterModel.ParameterCount * sizeof(float), "the ONNX file holds every weight");
            using (var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnx))
            {
                // a language model exports its stateful graph: one character per ONNX Runtime run
                Assert.Equal(new[] { "input", "state.lstm.h", "state.lstm.c" }, session.InputNames);
                Assert.Equal(new[] { "output", "final_state.lstm.h", "final_state.lstm.c" }, session.OutputNames);
            }
        }

        // The sample's trained model writes from the whole text so far: each character it draws among its 3 most likely
        // is among the 3 that one forward pass over the prompt and every character written before ranks highest, which
        // a Generate that dropped the state between steps would not give. And it learned: an untrained model scores
        // about log2(128) = 7 bits per character, more than the character frequencies give.
        [Fact]
        public void TrainedModel_WritesFromTheWholeTextSoFar()
        {
            var split = CharacterSplit.Split(KjvExcerpt(30_000), "excerpt", CharacterModel.Vocabulary);
            using var model = new CharacterModel(seed: 2);
            CharacterTraining.Train(model, split, new TextGenOptions("excerpt", Steps: 100) { BatchSize = 8, Length = 40 }, TextWriter.Null);
            long[] prompt = split.Vocabulary.Encode(TextGenRun.Prompt).Select(id => (long)id).ToArray();

            long[] written = model.Generate(prompt, 60, Rnn.Sampling.TopK(3, temperature: 1.0, seed: 5));

            var (bits, _) = CharacterScores.Evaluate(model, split.Train.Span[^1], split.Test.Span, split.Train.ToArray().Distinct().ToList());
            Assert.True(bits < UnigramBits(split) - 0.5, $"the trained model's {bits:F3} bits per char should be well below the {UnigramBits(split):F3} of the character frequencies");
            Assert.True(written.Distinct().Count() > 5, $"the text should not be a few characters repeated: {split.Decode(written)}");
            model.eval();
            using var noGrad = TorchSharp.torch.no_grad();
            for (int i = 0; i < written.Length; i++)
            {
                long[] prefix = prompt.Concat(written.Take(i)).ToArray();
                using var scope = TorchSharp.torch.NewDisposeScope();
                var scores = model.call(TorchSharp.torch.tensor(prefix, new long[] { 1, prefix.Length }))[0, -1];
                var ranked = scores.argsort(descending: true);
                long[] top = Enumerable.Range(0, 3).Select(k => ranked[k].item<long>()).ToArray();
                Assert.True(top.Contains(written[i]),
                    $"character {i} of the text is '{split.Decode(new[] { written[i] })}', not one of the 3 that the whole text so far ranks highest ('{split.Decode(top)}'): {split.Decode(written)}");
            }
        }

        // The model's score of the test part runs it in chunks with the state carried across: it equals one forward pass
        // over the whole part, which a score that dropped the state at a chunk border would not.
        [Fact]
        public void CharacterScores_CarryTheStateFromChunkToChunk()
        {
            var split = CharacterSplit.Split(KjvExcerpt(3_000), "excerpt", CharacterModel.Vocabulary);
            using var model = new CharacterModel(seed: 3);
            var symbols = split.Train.ToArray().Distinct().ToList();

            var (whole, scored) = CharacterScores.Evaluate(model, split.Train.Span[^1], split.Test.Span, symbols, chunkLength: 300);
            var (chunked, scoredInChunks) = CharacterScores.Evaluate(model, split.Train.Span[^1], split.Test.Span, symbols, chunkLength: 37);

            Assert.Equal(300, scored);
            Assert.Equal(scored, scoredInChunks);
            Assert.Equal(whole, chunked, 5);
            Assert.InRange(whole, Math.Log2(CharacterModel.Vocabulary) - 0.5, Math.Log2(CharacterModel.Vocabulary) + 0.5); // an untrained model: about uniform
        }

        [Fact]
        public void CharacterSplit_KeepsTheMostFrequentCharacters_AndDecodes()
        {
            var split = CharacterSplit.Split(new string('a', 58) + new string('b', 30) + "cd" + "abcdabcdab", "small", vocabularySize: 4);

            Assert.Equal(new[] { "", "[UNK]", "a", "b" }, split.Vocabulary.Tokens);
            Assert.Equal("ab\uFFFD\uFFFDab", split.Decode(split.Test.ToArray().Take(6).Select(id => (long)id)));
            Assert.Equal("a\uFFFD", split.Decode(new long[] { 2, 0, 200 }));
        }

        [Fact]
        public void Options_ParseTheirValues_AndRejectBadOnes()
        {
            Assert.Equal(new TextGenOptions("t.txt", Minutes: 0.5, Seed: -3, Export: "m.onnx", Steps: 20),
                TextGenOptions.Parse(new[] { "--text", "t.txt", "--minutes", "0.5", "--seed", "-3", "--export", "m.onnx", "--steps", "20" }, "kjv"));
            Assert.Equal(new TextGenOptions("kjv", null, 1, null, TextGenOptions.DefaultSteps), TextGenOptions.Parse(Array.Empty<string>(), "kjv"));
            Assert.Equal((16, 100), (TextGenOptions.Parse(Array.Empty<string>(), "kjv")!.BatchSize, TextGenOptions.Parse(Array.Empty<string>(), "kjv")!.Length));
            Assert.Equal("--steps must be a positive integer, not '0'.",
                Assert.Throws<ArgumentException>(() => TextGenOptions.Parse(new[] { "--steps", "0" }, "kjv")).Message);
            Assert.Null(TextGenOptions.Parse(new[] { "--help" }, "kjv"));
            Assert.Equal("--minutes must be a positive number, not '0'.",
                Assert.Throws<ArgumentException>(() => TextGenOptions.Parse(new[] { "--minutes", "0" }, "kjv")).Message);
            Assert.Equal("unknown option '--epochs'.", Assert.Throws<ArgumentException>(() => TextGenOptions.Parse(new[] { "--epochs", "3" }, "kjv")).Message);
        }

        // auto trains on the CPU here (no GPU on CI): the same small run as the pipeline test's, with a shorter budget.
        [Fact]
        public void Pipeline_OnAuto_TrainsOnTheDeviceAutoPicks()
        {
            string path = Path.Combine(_dir, "excerpt.txt");
            File.WriteAllText(path, KjvExcerpt(30_000));
            var log = new StringWriter();

            var result = TextGenRun.Run(new TextGenOptions(path, Steps: 20, Device: "auto") { BatchSize = 8, Length = 40 }, log);

            Assert.Contains($", 20 steps, on {(CudaDevices.Count() > 0 ? "cuda:0" : "cpu")}{Environment.NewLine}", log.ToString());
            Assert.Equal(20, result.TrainingSteps);
            Assert.True(double.IsFinite(result.ModelBitsPerChar), log.ToString());
            Assert.All(result.Samples, sample => Assert.InRange(sample.Text.Length, 390, 400));
        }

        [Fact]
        public void Pipeline_OnCudaWithoutAGpu_FailsWithTheRuntimesErrorBeforeTraining()
        {
            if (CudaDevices.Count() > 0) return; // a GPU machine trains there: the device benchmark (benchmarks/gpu) runs it
            string path = Path.Combine(_dir, "excerpt.txt");
            File.WriteAllText(path, KjvExcerpt(30_000));
            var log = new StringWriter();

            var e = Assert.Throws<InvalidOperationException>(() => TextGenRun.Run(new TextGenOptions(path, Steps: 20, Device: "cuda"), log));

            Assert.StartsWith("CharacterModel.To: cuda:0 was asked for, but TorchSharp finds ", e.Message);
            Assert.Contains("libtorch-cuda-12.8", e.Message);
            Assert.Contains("NVIDIA driver", e.Message);
            Assert.DoesNotContain("baseline", log.ToString());
            Assert.DoesNotContain("model:", log.ToString());
        }

        [Fact]
        public async System.Threading.Tasks.Task Program_OnCudaWithoutAGpu_PrintsOneErrorLineAndExits1()
        {
            if (CudaDevices.Count() > 0) return; // a GPU machine trains there
            string path = Path.Combine(_dir, "excerpt.txt");
            File.WriteAllText(path, KjvExcerpt(30_000));
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            var start = new System.Diagnostics.ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in new[] { "exec", typeof(TextGenRun).Assembly.Location, "--text", path, "--steps", "20", "--device", "cuda" })
                start.ArgumentList.Add(argument);

            using var process = System.Diagnostics.Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();

            // A machine without the GPU it was asked for is not a bug: one line saying what is needed, no stack trace.
            Assert.Equal(1, process.ExitCode);
            Assert.StartsWith("error: CharacterModel.To: cuda:0 was asked for, but TorchSharp finds ", stderr);
            Assert.Contains("libtorch-cuda-12.8", stderr);
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain("baseline", await stdout);
        }
    }
}
