using System;
using System.IO;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Seq2Seq
{
    /// <summary>
    /// Issue 17 §4: a generated <c>[Seq2Seq]</c> model's teacher-forced forward, how the encoder's state starts the
    /// decoder, its summary, parameters and weights file, and its refusal of the one-input calls.
    /// </summary>
    public class Seq2SeqModelTests
    {
        [Fact]
        public void ForwardGivesOneScorePerTokenAtEveryTargetStepWithTheTargetsMask()
        {
            using var model = new ToyTranslator(1);
            var (sources, targets) = Toy.Reversals(4, seed: 1);
            var (source, targetInput, _) = Toy.Batch(sources, targets);
            var (output, mask) = model.ForwardWithMask(source, targetInput);
            Assert.Equal(new long[] { 4, targetInput.size(1), Toy.Vocabulary }, output.shape);
            Assert.NotNull(mask);
            Assert.True(mask!.Equals(targetInput.ne(0)));
            Assert.Equal(output.data<float>().ToArray(), model.Forward(source, targetInput).data<float>().ToArray());
        }

        [Fact]
        public void TheEncodersStateStartsTheDecoder()
        {
            // Same seed, so the same weights; then only the encoder's recurrent weights differ.
            using var model = new ToyTranslator(2);
            using var changed = new ToyTranslator(2);
            using (no_grad())
            {
                foreach (var (name, parameter) in changed.named_parameters().Where(p => p.name.StartsWith("encoder.gru.", StringComparison.Ordinal)))
                    parameter.add_(0.5f);
            }
            var (sources, targets) = Toy.Reversals(3, seed: 2);
            var (source, targetInput, _) = Toy.Batch(sources, targets);
            float difference = (model.Forward(source, targetInput) - changed.Forward(source, targetInput)).abs().max().item<float>();
            Assert.True(difference > 1e-3f, $"The decoder's output moved by {difference} when the encoder's weights changed.");

            // And another source changes the translation's scores at its first step, as only the state can carry it.
            using var other = Toy.Padded(sources.Select(s => s.Select(t => t == Toy.FirstSymbol ? (long)Toy.FirstSymbol + 1 : Toy.FirstSymbol).ToArray()).ToList());
            float moved = (model.Forward(source, targetInput)[.., 0] - model.Forward(other, targetInput)[.., 0]).abs().max().item<float>();
            Assert.True(moved > 1e-4f, $"The first step's scores moved by {moved} for another source.");
        }

        /// <summary>Every kind of toy model: no attention (three state layouts), Luong attention, Bahdanau attention.</summary>
        internal static Seq2SeqModel Kind(int kind, long seed) => kind switch
        {
            0 => new ToyTranslator(seed),
            1 => new SumTranslator(seed),
            2 => new ConcatTranslator(seed),
            3 => new AttentiveTranslator(seed),
            _ => new AdditiveTranslator(seed),
        };

        public static TheoryData<int> Kinds() => new() { 0, 1, 2, 3, 4 };

        [Theory]
        [MemberData(nameof(Kinds))]
        public void PaddingTheSourceLongerChangesNoOutput(int kind)
        {
            using var model = Kind(kind, 3);
            model.eval();
            var (sources, targets) = Toy.Reversals(5, seed: 3);
            var (source, targetInput, _) = Toy.Batch(sources, targets);
            using var longer = Toy.Padded(sources, (int)source.size(1) + 4);
            var expected = model.Forward(source, targetInput);
            var actual = model.Forward(longer, targetInput);
            Assert.True(allclose(expected, actual, rtol: 0, atol: 1e-5), $"max difference {(expected - actual).abs().max().item<float>()}");
        }

        [Fact]
        public void ABidirectionalEncodersDirectionsStartTheDecoderSummedOrSideBySide()
        {
            // Sum: 12 units from two directions of 12; Concat: the decoder's first GRU has 2 · 10 units. Both run, and
            // each direction matters: reversing the source's order of symbols changes the first step.
            foreach (Seq2SeqModel model in new Seq2SeqModel[] { new SumTranslator(4), new ConcatTranslator(4) })
            {
                using (model)
                {
                    var (sources, targets) = Toy.Reversals(3, seed: 4, minLength: 3);
                    var (source, targetInput, _) = Toy.Batch(sources, targets);
                    using var reversed = Toy.Padded(targets);
                    var output = model.Forward(source, targetInput);
                    Assert.Equal(new long[] { 3, targetInput.size(1), Toy.Vocabulary }, output.shape);
                    Assert.True((output[.., 0] - model.Forward(reversed, targetInput)[.., 0]).abs().max().item<float>() > 1e-5f, model.GetName());
                }
            }
        }

        [Theory]
        [InlineData(3)]
        [InlineData(4)]
        public void TheDecodersAttentionAttendsOverTheEncodersOutputGivingPaddedStepsNoWeight(int kind)
        {
            using var model = Kind(kind, 9);
            long[] word = { 3, 4, 5, 6 };
            using var source = Toy.Padded(new[] { word }, 7); // 3 padded steps
            long[] translation = { 6, 5, 4 };
            using var weights = model.AttentionWeights(source, translation, Toy.Start);
            Assert.Equal(new long[] { translation.Length + 1, 7 }, weights.shape);
            Assert.True(allclose(weights.narrow(1, 0, 4).sum(1), ones(translation.Length + 1), atol: 1e-5));
            Assert.Equal(0f, weights.narrow(1, 4, 3).abs().max().item<float>());
            Assert.True(weights.narrow(1, 0, 4).min().item<float>() > 0);

            // The memory matters: the encoder's output, not only its final state, reaches the decoder's output. With the
            // same final state (the last steps alike), a different first symbol changes the decoder's scores.
            using var other = Toy.Padded(new[] { new long[] { 9, 4, 5, 6 } }, 7);
            using var targetInput = Toy.Padded(new[] { new[] { Toy.Start }.Concat(translation).ToArray() });
            model.eval();
            float moved = (model.Forward(source, targetInput) - model.Forward(other, targetInput)).abs().max().item<float>();
            Assert.True(moved > 1e-4f, $"moved by {moved}");
        }

        [Fact]
        public void AttentionWeightsNeedOneSourceAndADecoderWithAttention()
        {
            using var attentive = new AttentiveTranslator(10);
            using var plain = new ToyTranslator(10);
            using var two = Toy.Padded(new[] { new long[] { 3, 4 }, new long[] { 5 } });
            using var one = Toy.Padded(new[] { new long[] { 3, 4 } });
            Assert.Equal("source", Assert.Throws<ArgumentException>(() => attentive.AttentionWeights(two, new long[] { 4 }, Toy.Start)).ParamName);
            Assert.Equal("translation", Assert.Throws<ArgumentOutOfRangeException>(() => attentive.AttentionWeights(one, new long[] { 4, 10 }, Toy.Start)).ParamName);
            Assert.StartsWith("ToyTranslator.AttentionWeights: the decoder ToyDecoder has no attention layer",
                Assert.Throws<NotSupportedException>(() => plain.AttentionWeights(one, new long[] { 4 }, Toy.Start)).Message);
        }

        [Fact]
        public void SummaryShowsBothPartsUnderOneHeadingWithTheTotal()
        {
            using var model = new ConcatTranslator(5);
            using var encoder = new ConcatEncoder(5);
            using var decoder = new ConcatDecoder(5);
            string summary = model.Summary();
            Assert.StartsWith("Model: \"ConcatTranslator\"\nEncoder: \"ConcatEncoder\"\n", summary);
            Assert.Contains("\nDecoder: \"ConcatDecoder\"\n", summary);
            // The parts' own tables, rows and all, in order.
            static string Table(string part) => part.Substring(part.IndexOf('┏'), part.IndexOf(" Total params", StringComparison.Ordinal) - part.IndexOf('┏'));
            Assert.Contains(Table(encoder.Summary()) + "Decoder: \"ConcatDecoder\"\n" + Table(decoder.Summary()), summary);
            long total = model.parameters().Sum(p => p.numel());
            Assert.Equal(ConcatEncoder.ParameterCount + ConcatDecoder.ParameterCount, ConcatTranslator.ParameterCount);
            Assert.Equal(ConcatTranslator.ParameterCount, total);
            string count = ModelSummary.Count(total), size = ModelSummary.Size(total * 4);
            Assert.EndsWith($" Total params: {count} ({size})\n Trainable params: {count} ({size})\n Non-trainable params: 0 (0.00 B)\n", summary);
        }

        [Fact]
        public void OneWeightsFileHoldsBothPartsUnderTheirPrefixes()
        {
            string path = Path.Combine(Path.GetTempPath(), "rnn-seq2seq-" + Guid.NewGuid().ToString("N") + ".pt");
            try
            {
                using var model = new SumTranslator(6);
                using var other = new SumTranslator(7);
                var names = model.state_dict().Keys.ToList();
                Assert.Contains("encoder.embedding.weight", names);
                Assert.Contains("encoder.bidirectional.weight_hh_l0_reverse", names);
                Assert.Contains("decoder.lstm.weight_ih_l0", names);
                Assert.All(names, n => Assert.True(n.StartsWith("encoder.", StringComparison.Ordinal) || n.StartsWith("decoder.", StringComparison.Ordinal), n));

                var (sources, targets) = Toy.Reversals(3, seed: 6);
                var (source, targetInput, _) = Toy.Batch(sources, targets);
                model.eval();
                other.eval();
                Assert.False(allclose(model.Forward(source, targetInput), other.Forward(source, targetInput)));
                model.SaveWeights(path);
                other.LoadWeights(path);
                Assert.Equal(model.Forward(source, targetInput).data<float>().ToArray(), other.Forward(source, targetInput).data<float>().ToArray());
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void TheCallsOfOneInputSayWhichCallsTakeTwo()
        {
            using var model = new ToyTranslator(8);
            using var x = zeros(new long[] { 2, 3 }, dtype: ScalarType.Int64);
            using var y = zeros(new long[] { 2, 3 }, dtype: ScalarType.Int64);
            foreach (Action call in new Action[]
            {
                () => model.Forward(x), () => model.Predict(x), () => model.Fit(x, y, verbose: 0), () => model.Evaluate(x, y),
                () => model.ExportOnnx(Path.Combine(Path.GetTempPath(), "never.onnx")), () => model.call(x),
            })
            {
                var e = Assert.Throws<NotSupportedException>(call);
                Assert.Contains("ToyTranslator is a Seq2Seq model", e.Message);
                Assert.Contains("Forward(source, targetInput)", e.Message);
            }
            Assert.Contains("ONNX export", Assert.Throws<NotSupportedException>(() => model.ExportOnnx("never.onnx")).Message);
        }

        [Fact]
        public void MismatchedInputsAreRejectedWithTheirNames()
        {
            using var model = new ToyTranslator(9);
            using var source = ones(new long[] { 3, 4 }, dtype: ScalarType.Int64).mul(3);
            using var targetInput = ones(new long[] { 2, 4 }, dtype: ScalarType.Int64);
            var e = Assert.Throws<ArgumentException>(() => model.Forward(source, targetInput));
            Assert.Equal("ToyTranslator: source has 3 sequences but targetInput has 2; they must match. (Parameter 'targetInput')", e.Message);

            using var y = ones(new long[] { 3, 4 }, dtype: ScalarType.Int64);
            using var floats = ones(new long[] { 3, 4 });
            var fit = Assert.Throws<ArgumentException>(() => model.Fit((source, floats), y, verbose: 0));
            Assert.Equal("x.TargetInput", fit.ParamName);
            Assert.StartsWith("ToyTranslator.Fit: x.TargetInput must hold int64 token ids", fit.Message);

            using var outside = full(new long[] { 3, 4 }, 10L, dtype: ScalarType.Int64);
            var ids = Assert.Throws<ArgumentException>(() => model.Evaluate((outside, y), y));
            Assert.Equal("x.Source", ids.ParamName);
            Assert.Contains("x.Source sample 0 holds id 10, outside the vocabulary [0, 10)", ids.Message);

            using var fewer = ones(new long[] { 2, 4 }, dtype: ScalarType.Int64);
            var count = Assert.Throws<ArgumentException>(() => model.Fit((source, fewer), y, verbose: 0));
            Assert.Equal("ToyTranslator.Fit: x.Source has 3 samples but x.TargetInput has 2; they must match. (Parameter 'x.TargetInput')", count.Message);
        }
    }
}
