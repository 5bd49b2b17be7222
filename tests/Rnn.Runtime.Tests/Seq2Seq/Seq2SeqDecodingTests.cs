using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Seq2Seq
{
    /// <summary>A <see cref="ToyTranslator"/> trained once to reverse sequences, shared by the decoding tests.</summary>
    public sealed class TrainedReverser : IDisposable
    {
        public TrainedReverser()
        {
            Model = new ToyTranslator(11);
            var (sources, targets) = Toy.Reversals(1500, seed: 11);
            var (source, targetInput, target) = Toy.Batch(sources, targets);
            var (testSources, testTargets) = Toy.Reversals(100, seed: 12);
            var test = Toy.Batch(testSources, testTargets);
            Model.Compile(optimizer: Optimizers.Adam(0.01));
            History = Model.Fit((source, targetInput), target, epochs: 8, batchSize: 32, seed: 11, verbose: 0,
                validationData: ((test.Source, test.TargetInput), test.Target));
            (TestSources, TestTargets) = (testSources, testTargets);
        }

        public ToyTranslator Model { get; }

        public History History { get; }

        public long[][] TestSources { get; }

        public long[][] TestTargets { get; }

        public void Dispose() => Model.Dispose();
    }

    /// <summary>
    /// Issue 17 §4: two-input training with padded targets left out of the loss, and <c>Translate</c>: greedy decoding is
    /// the step-by-step argmax of the teacher-forced forward, a beam of 1 is greedy, a wider beam never scores worse, a
    /// batch decodes as its sources alone, and no tensor outlives the call.
    /// </summary>
    public class Seq2SeqDecodingTests : IClassFixture<TrainedReverser>
    {
        private const int MaxLength = 8;
        private readonly TrainedReverser _trained;

        public Seq2SeqDecodingTests(TrainedReverser trained) => _trained = trained;

        [Fact]
        public void TrainingWithTwoInputsLearnsToReverseNearlyEverySequence()
        {
            using var source = Toy.Padded(_trained.TestSources);
            var translations = _trained.Model.Translate(source, MaxLength, Toy.Start, Toy.End);
            int right = translations.Zip(_trained.TestTargets).Count(p => p.First.SequenceEqual(p.Second));
            Assert.True(right >= 95, $"{right} of 100 held-out sequences reversed; history: {string.Join(", ", _trained.History["val_accuracy"].Select(a => a.ToString("F3")))}");
            Assert.True(_trained.History["val_loss"][^1] < _trained.History["val_loss"][0]);
        }

        public static TheoryData<bool> TrainedOrNot() => new() { true, false };

        [Theory]
        [MemberData(nameof(TrainedOrNot))]
        public void GreedyDecodingIsTheStepByStepArgmaxOfTheTeacherForcedForward(bool trained)
        {
            using var untrained = new ToyTranslator(21);
            var model = trained ? _trained.Model : untrained;
            var sources = _trained.TestSources.Take(12).ToArray();
            using var source = Toy.Padded(sources);
            var translations = model.Translate(source, MaxLength, Toy.Start, Toy.End);
            model.eval();
            using (no_grad())
            {
                for (int i = 0; i < sources.Length; i++)
                {
                    using var one = Toy.Padded(new[] { sources[i] });
                    var written = new List<long>();
                    while (written.Count < MaxLength)
                    {
                        using var targetInput = Toy.Padded(new[] { new[] { Toy.Start }.Concat(written).ToArray() });
                        long next = model.Forward(one, targetInput)[0, -1].argmax().item<long>();
                        if (next == Toy.End) break;
                        written.Add(next);
                    }
                    Assert.Equal(written, translations[i]);
                }
            }
            if (!trained) Assert.Contains(translations, t => t.Length == MaxLength); // random weights write to the limit too
        }

        [Theory]
        [MemberData(nameof(TrainedOrNot))]
        public void ABeamOfOneIsGreedyAndAWiderBeamNeverScoresWorse(bool trained)
        {
            using var untrained = new ToyTranslator(22);
            var model = trained ? _trained.Model : untrained;
            using var source = Toy.Padded(_trained.TestSources.Take(30).ToList());
            var greedy = model.Translate(source, MaxLength, Toy.Start, Toy.End);
            Assert.Equal(greedy, model.Translate(source, MaxLength, Toy.Start, Toy.End, beamWidth: 1));
            var greedyScores = Scores(model, source, greedy);
            bool better = false;
            foreach (int width in new[] { 2, 3, 5 })
            {
                var beam = model.Translate(source, MaxLength, Toy.Start, Toy.End, beamWidth: width);
                var beamScores = Scores(model, source, beam);
                for (int i = 0; i < greedy.Length; i++)
                {
                    Assert.True(beamScores[i] >= greedyScores[i] - 1e-4, $"beam {width}, source {i}: {beamScores[i]} against greedy's {greedyScores[i]}");
                    better |= beamScores[i] > greedyScores[i] + 1e-4;
                }
            }
            // On random weights the beam finds better translations than greedy for some sources: it does search.
            if (!trained) Assert.True(better);
        }

        [Fact]
        public void ABatchTranslatesAsEachSourceAlone()
        {
            var sources = _trained.TestSources.Take(6).ToArray();
            using var batch = Toy.Padded(sources, 9);
            foreach (int width in new[] { 1, 3 })
            {
                var together = _trained.Model.Translate(batch, MaxLength, Toy.Start, Toy.End, width);
                for (int i = 0; i < sources.Length; i++)
                {
                    using var alone = Toy.Padded(new[] { sources[i] });
                    Assert.Equal(_trained.Model.Translate(alone, MaxLength, Toy.Start, Toy.End, width)[0], together[i]);
                }
            }
        }

        [Fact]
        public void TranslateLeavesNoTensorAliveAndTheModeAsItWas()
        {
            using var source = Toy.Padded(_trained.TestSources.Take(5).ToList());
            _trained.Model.train();
            _trained.Model.Translate(source, MaxLength, Toy.Start, Toy.End); // warm-up: lazily made tensors
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            _trained.Model.Translate(source, MaxLength, Toy.Start, Toy.End);
            _trained.Model.Translate(source, MaxLength, Toy.Start, Toy.End, beamWidth: 4);
            Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            Assert.True(_trained.Model.training);
        }

        [Fact]
        public void TranslateChecksItsArguments()
        {
            var model = _trained.Model;
            using var source = Toy.Padded(_trained.TestSources.Take(2).ToList());
            Assert.Equal("ToyTranslator.Translate: maxLength must be at least 1, but was 0. (Parameter 'maxLength')\nActual value was 0.",
                Assert.Throws<ArgumentOutOfRangeException>(() => model.Translate(source, 0, Toy.Start, Toy.End)).Message.Replace("\r\n", "\n"));
            Assert.StartsWith("ToyTranslator.Translate: beamWidth must be at least 1 (1 for greedy decoding), but was 0.",
                Assert.Throws<ArgumentOutOfRangeException>(() => model.Translate(source, 5, Toy.Start, Toy.End, 0)).Message);
            Assert.StartsWith("ToyTranslator.Translate: endToken must be a token of the decoder's vocabulary [0, 10), but was 10.",
                Assert.Throws<ArgumentOutOfRangeException>(() => model.Translate(source, 5, Toy.Start, 10)).Message);
            Assert.StartsWith("ToyTranslator.Translate: startToken 0 is the padding id of the decoder's embedding (MaskZero)",
                Assert.Throws<ArgumentException>(() => model.Translate(source, 5, 0, Toy.End)).Message);
            using var floats = ones(2, 3);
            Assert.Equal("source", Assert.Throws<ArgumentException>(() => model.Translate(floats, 5, Toy.Start, Toy.End)).ParamName);
        }

        [Fact]
        public void PaddedTargetStepsAreLeftOutOfTheLoss()
        {
            // Where the target input is padding (id 0), the decoder's mask is false: whatever the targets hold there, the
            // loss and the accuracy are the same.
            var (sources, targets) = Toy.Reversals(16, seed: 13);
            var (source, targetInput, target) = Toy.Batch(sources, targets);
            using var other = target.clone();
            other.masked_fill_(targetInput.eq(0), 7);
            Assert.False(other.Equals(target));
            var expected = _trained.Model.Evaluate((source, targetInput), target);
            var actual = _trained.Model.Evaluate((source, targetInput), other);
            Assert.Equal(expected.Loss, actual.Loss, 6);
            Assert.Equal(expected.Accuracy, actual.Accuracy, 6);
        }

        /// <summary>Each translation's log-probability under teacher forcing: its tokens', and the end token's when it ended before <see cref="MaxLength"/>.</summary>
        private static double[] Scores(Seq2SeqModel model, Tensor source, long[][] translations)
        {
            var scores = new double[translations.Length];
            model.eval();
            using var noGrad = no_grad();
            for (int i = 0; i < translations.Length; i++)
            {
                var t = translations[i];
                var next = t.Length < MaxLength ? t.Append(Toy.End).ToArray() : t;
                using var scope = NewDisposeScope();
                using var targetInput = Toy.Padded(new[] { new[] { Toy.Start }.Concat(t.Take(next.Length - 1)).ToArray() });
                var logp = model.Forward(source[i..(i + 1)], targetInput).log_softmax(-1)[0];
                for (int step = 0; step < next.Length; step++) scores[i] += logp[step, next[step]].item<float>();
            }
            return scores;
        }
    }
}
