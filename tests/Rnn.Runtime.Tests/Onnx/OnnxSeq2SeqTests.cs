using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Rnn.Modules;
using Rnn.Runtime.Tests.LayerModules;
using Rnn.Runtime.Tests.Seq2Seq;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Onnx
{
    /// <summary>
    /// Issue 17 §6, a Seq2Seq model's export (<c>ExportOnnx(encoderPath, decoderPath)</c>): the encoder's stateful graph
    /// and the decoder's one-step graph (with <c>memory</c> and <c>memory_mask</c> inputs when it attends), joined by a
    /// host as the XML docs say (the encoder's <c>decoder_state.*</c> outputs start the decoder as they are, a Sum
    /// encoder's directions added in the graph), translate greedily in ONNX Runtime as
    /// <c>Translate(source, maxLength, start, end)</c> does, over right-padded sources; the decoder's start state and its
    /// scores agree within 1e-4 at every step. Both files pass <c>onnx.checker.check_model</c>.
    /// </summary>
    public class OnnxSeq2SeqTests
    {
        private const double Tolerance = 1e-4;
        private const int MaxLength = 7;
        private readonly ITestOutputHelper _output;

        public OnnxSeq2SeqTests(ITestOutputHelper output) => _output = output;

        public static TheoryData<string> Models() => new() { "attention", "additive", "sum", "concat" };

        [Theory]
        [MemberData(nameof(Models))]
        public void The_two_graphs_joined_token_by_token_translate_as_Translate(string kind)
        {
            var totalTokens = 0;
            string folder = OnnxTesting.TempFolder();
            try
            {
                var paths = new List<string>();
                for (int seed = 0; seed < 3; seed++)
                {
                    using Seq2SeqModel model = New(kind, 40 + seed);
                    model.eval();
                    string encoderPath = Path.Combine(folder, kind + seed + ".encoder.onnx"), decoderPath = Path.Combine(folder, kind + seed + ".decoder.onnx");
                    model.ExportOnnx(encoderPath, decoderPath);
                    paths.AddRange(new[] { encoderPath, decoderPath });
                    using var encoder = new InferenceSession(encoderPath);
                    using var decoder = new InferenceSession(decoderPath);
                    bool attends = model.DecoderModel.LayerModules.OfType<AttentionLayer>().Any();
                    Assert.Equal(attends ? new[] { "input", "memory", "memory_mask" } : new[] { "input" }, decoder.InputNames.Take(attends ? 3 : 1));

                    using var scope = NewDisposeScope();
                    // Right-padded sources of 5, 3, 1 and 4 real tokens.
                    var source = tensor(new long[] { 3, 8, 5, 9, 4, 6, 6, 5, 0, 0, 7, 0, 0, 0, 0, 9, 3, 4, 8, 0 }, new long[] { 4, 5 });
                    var expected = model.Translate(source, MaxLength, Toy.Start, Toy.End);
                    var (actual, worst, startWorst) = TranslateInOnnx(model, encoder, decoder, source);
                    _output.WriteLine($"{kind} seed {seed}: {string.Join(" | ", expected.Select(t => string.Join(" ", t)))}; " +
                                      $"max score difference {worst:G3}; decoder start {startWorst:G3}");
                    for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i]);
                    Assert.True(worst < Tolerance, $"max difference of the decoder's scores {worst:G3}");
                    Assert.True(startWorst < Tolerance, $"max difference of the decoder's start state {startWorst:G3}");
                    totalTokens += expected.Sum(t => t.Length);
                }
                Assert.True(totalTokens > 10, $"the models translated only {totalTokens} tokens: the test needs longer translations");
                var (exitCode, text) = OnnxTesting.Check(paths);
                Assert.True(exitCode == 0, "onnx.checker.check_model failed:\n" + text);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void The_two_paths_must_differ()
        {
            using var model = new AttentiveTranslator(3);
            var e = Assert.Throws<ArgumentException>(() => model.ExportOnnx("same.onnx", "same.onnx"));
            Assert.Contains("AttentiveTranslator.ExportOnnx needs two different files", e.Message);
            Assert.False(File.Exists("same.onnx"));
        }

        private static Seq2SeqModel New(string kind, long seed) => kind switch
        {
            "attention" => new AttentiveTranslator(seed),
            "additive" => new AdditiveTranslator(seed),
            "sum" => new SumTranslator(seed),
            _ => new ConcatTranslator(seed),
        };

        /// <summary>
        /// A host's greedy decoding with the two graphs alone, with no arithmetic between them: the encoder from zero
        /// states; the decoder from the encoder's <c>decoder_state.*</c> outputs as its <c>state.*</c> inputs of the same
        /// names; the encoder's output and source ≠ 0 as <c>memory</c> and <c>memory_mask</c>. Also compares the decoder's
        /// scores with TorchSharp's at each step (teacher-forced on ONNX's own picks), returning the largest difference, and
        /// the encoder's <c>decoder_state.*</c> with <see cref="TorchStart"/>, returning that largest difference.
        /// </summary>
        private static (long[][] Translations, double Worst, double StartWorst) TranslateInOnnx(Seq2SeqModel model, InferenceSession encoder, InferenceSession decoder, Tensor source)
        {
            long batch = source.size(0);
            var encoderNames = OnnxTesting.StateNames(model.EncoderModel);
            var decoderNames = OnnxTesting.StateNames(model.DecoderModel);
            var starts = decoderNames.Select(name => "decoder_" + name).ToArray();
            Assert.Equal(new[] { "output" }.Concat(encoderNames.Select(name => "final_" + name)).Concat(starts), encoder.OutputNames);
            var encoderInputs = new List<(string, Tensor)> { ("input", source) };
            encoderInputs.AddRange(encoderNames.Select(name => (name, zeros(batch, encoder.InputMetadata[name].Dimensions[1]))));
            var encoded = OnnxTesting.Run(encoder, encoderInputs);
            var state = decoderNames.ToDictionary(name => name, name => encoded["decoder_" + name], StringComparer.Ordinal);
            var expectedStart = TorchStart(model, decoder, source);
            for (int i = 0; i < decoderNames.Length; i++) Assert.Equal(expectedStart[i].shape, state[decoderNames[i]].shape);
            double startWorst = decoderNames.Select((name, i) => LayerTesting.MaxDifference(expectedStart[i], state[name])).Max();
            bool attends = decoder.InputNames.Contains("memory");
            var translations = Enumerable.Range(0, (int)batch).Select(_ => new List<long>()).ToArray();
            var done = new bool[batch];
            var tokens = full(batch, 1, Toy.Start, dtype: ScalarType.Int64);
            double worst = 0;
            var prefix = tokens;
            for (int step = 0; step < MaxLength && done.Contains(false); step++)
            {
                var inputs = new List<(string, Tensor)> { ("input", tokens) };
                if (attends) inputs.AddRange(new[] { ("memory", encoded["output"]), ("memory_mask", source.ne(0)) });
                inputs.AddRange(decoderNames.Select(name => (name, state[name])));
                var outputs = OnnxTesting.Run(decoder, inputs);
                var scores = outputs["output"].select(1, -1);
                // Rows still translating whose tokens so far are all real (a picked padding id 0 is masked in a teacher-forced prefix).
                var live = tensor(Enumerable.Range(0, (int)batch).Where(i => !done[i]).Select(i => (long)i).ToArray()).masked_select(
                    prefix.ne(0).all(1).index_select(0, tensor(Enumerable.Range(0, (int)batch).Where(i => !done[i]).Select(i => (long)i).ToArray())));
                if (live.numel() > 0)
                    worst = Math.Max(worst, LayerTesting.MaxDifference(TorchScores(model, source, prefix).index_select(0, live), scores.index_select(0, live)));
                foreach (var name in decoderNames) state[name] = outputs["final_" + name];
                var picked = scores.argmax(-1).data<long>().ToArray();
                for (int i = 0; i < batch; i++)
                {
                    if (done[i]) continue;
                    if (picked[i] == Toy.End) done[i] = true;
                    else translations[i].Add(picked[i]);
                }
                tokens = tensor(picked, new[] { batch, 1L });
                prefix = cat(new[] { prefix, tokens }, 1);
            }
            return (translations.Select(t => t.ToArray()).ToArray(), worst, startWorst);
        }

        /// <summary>
        /// The decoder's initial state as the test works it out from TorchSharp's encoder, one tensor per decoder
        /// <c>state.*</c> input: the first recurrent layer's from the encoder's last recurrent layer's final state (its two
        /// halves added for MergeMode.Sum, as they are for Concat), the other layers' zeros of the width the decoder's graph declares.
        /// </summary>
        private static Tensor[] TorchStart(Seq2SeqModel model, InferenceSession decoder, Tensor source)
        {
            var (_, _, encoderState) = model.EncoderModel.RunWithState(source, null);
            var last = model.EncoderModel.LayerModules.OfType<RecurrentLayer>().Last();
            var final = encoderState.Layers[^1].Tensors.Select(t => t.detach()).ToArray();
            var first = last.Bidirectional && last.MergeMode == MergeMode.Sum
                ? final.Select(t => t[.., ..(int)last.Units] + t[.., (int)last.Units..]).ToArray()
                : final;
            var others = OnnxTesting.StateNames(model.DecoderModel).Skip(first.Length);
            return first.Concat(others.Select(name => zeros(source.size(0), decoder.InputMetadata[name].Dimensions[1]))).ToArray();
        }

        /// <summary>TorchSharp's scores of the next token after <paramref name="prefix"/> (teacher-forced), [batch, vocabulary].</summary>
        private static Tensor TorchScores(Seq2SeqModel model, Tensor source, Tensor prefix) => model.Forward(source, prefix).detach().select(1, -1);
    }
}
