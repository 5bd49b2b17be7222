using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Rnn.Runtime.Tests.LayerModules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Onnx
{
    /// <summary>An encoder as a Seq2Seq model declares one: padded source ids → a bidirectional Gru's final state, 2 × 8 units side by side.</summary>
    [Input(Dim.Variable)]
    [Embedding(20, 6, MaskZero = true)]
    [Gru(8, Bidirectional = true)]
    public partial class OnnxPartsEncoder { }

    /// <summary>A decoder as a Seq2Seq model declares one: a language model over 15 target ids whose Gru takes the encoder's 16-unit state.</summary>
    [Input(Dim.Variable)]
    [Embedding(15, 6, MaskZero = true)]
    [Gru(16, ReturnSequences = true)]
    [Dense(15)]
    public partial class OnnxPartsDecoder { }

    /// <summary>
    /// Issue 17 §6, a Seq2Seq model's parts: each part is an ordinary generated model, so its export is the encoder's
    /// graph with its final state as an output (<c>withState: true</c>) and the decoder's one-step graph with its state as
    /// inputs and outputs (its default, as a language model). Both run in ONNX Runtime as the parts run in TorchSharp
    /// within 1e-4, and the encoder's ONNX final state starts the decoder's ONNX steps as a Seq2Seq model (without
    /// attention) joins them.
    /// </summary>
    public class OnnxEncoderDecoderPartsTests
    {
        private const double Tolerance = 1e-4;
        private const int Steps = 8;
        private readonly ITestOutputHelper _output;

        public OnnxEncoderDecoderPartsTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void A_decoder_shaped_model_runs_step_by_step_in_OnnxRuntime_as_ForwardWithState_from_a_given_state()
        {
            using var g = LayerTesting.Seeded(31);
            using var decoder = new OnnxPartsDecoder(seed: 5);
            decoder.eval();
            string folder = OnnxTesting.TempFolder();
            try
            {
                string path = Path.Combine(folder, "decoder.onnx");
                decoder.ExportOnnx(path); // a language model: the stateful graph by default
                using var session = new InferenceSession(path);
                string[] names = OnnxTesting.StateNames(decoder);
                Assert.Equal(new[] { "state.gru.h" }, names);
                Assert.Equal(new[] { "input", "state.gru.h" }, session.InputNames);
                Assert.Equal(new[] { "output", "final_state.gru.h" }, session.OutputNames);

                using var scope = NewDisposeScope();
                var start = randn(new long[] { 3, 16 }, generator: g);
                var prefix = tensor(new long[] { 1, 4, 9, 2, 7, 7, 14, 3, 1, 11, 5, 6 }, new long[] { 3, 4 });
                var (worst, tokens) = RunBoth(decoder, session, prefix, start);
                _output.WriteLine($"decoder: max |ONNX Runtime − ForwardWithState| {worst:G3} over a 4-token prefix and {Steps} one-token steps, 3 rows");
                Assert.True(worst < Tolerance, $"max difference {worst:G3}");
                Assert.True(tokens.Distinct().Count() > 2, "the test needs a decoder that does not repeat one token");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void The_encoders_final_state_from_OnnxRuntime_starts_the_decoders_OnnxRuntime_steps_as_in_TorchSharp()
        {
            using var encoder = new OnnxPartsEncoder(seed: 6);
            using var decoder = new OnnxPartsDecoder(seed: 7);
            encoder.eval();
            decoder.eval();
            string folder = OnnxTesting.TempFolder();
            try
            {
                string encoderPath = Path.Combine(folder, "encoder.onnx"), decoderPath = Path.Combine(folder, "decoder.onnx");
                encoder.ExportOnnx(encoderPath, withState: true);
                decoder.ExportOnnx(decoderPath);
                using var encoderSession = new InferenceSession(encoderPath);
                using var decoderSession = new InferenceSession(decoderPath);
                Assert.Equal(new[] { "output", "final_state.bidirectional.h" }, encoderSession.OutputNames);

                using var scope = NewDisposeScope();
                // Right-padded sources of 5, 3 and 1 real tokens: each row's final state is taken at its own last real step.
                var source = tensor(new long[] { 3, 8, 1, 19, 4, 12, 12, 5, 0, 0, 7, 0, 0, 0, 0 }, new long[] { 3, 5 });
                var (_, encoderState) = encoder.ForwardWithState(source);
                var expectedStart = encoderState.Bidirectional.H.detach(); // [3, 16]: forward units, then backward (Concat)
                var zeros = encoder.InitialState(3).Layers.SelectMany(layer => layer.Tensors).ToArray();
                var (_, onnxFinal) = OnnxTesting.Run(encoderSession, source, OnnxTesting.StateNames(encoder), zeros);
                double encoderWorst = LayerTesting.MaxDifference(expectedStart, onnxFinal[0]);
                Assert.True(encoderWorst < Tolerance, $"encoder final state: max difference {encoderWorst:G3}");

                // The decoder from each side's own encoder state, from the start token 1.
                var startTokens = full(new long[] { 3, 1 }, 1L, dtype: ScalarType.Int64);
                var (decoderWorst, tokens) = RunBoth(decoder, decoderSession, startTokens, expectedStart, onnxFinal[0]);
                _output.WriteLine($"encoder final state: max difference {encoderWorst:G3}; decoder over {Steps + 1} steps: {decoderWorst:G3}");
                Assert.True(decoderWorst < Tolerance, $"decoder: max difference {decoderWorst:G3}");
                Assert.True(tokens.Distinct().Count() > 2, "the test needs a decoder that does not repeat one token");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>
        /// Runs <paramref name="first"/> through the decoder in TorchSharp (<c>ForwardWithState</c> from
        /// <paramref name="start"/>) and in ONNX Runtime (from <paramref name="onnxStart"/>, or the same start), then
        /// <see cref="Steps"/> greedy one-token steps, each side carrying its own state and feeding TorchSharp's pick to
        /// both. Returns the largest difference of any output or state, and the tokens picked.
        /// </summary>
        private static (double Worst, long[] Tokens) RunBoth(OnnxPartsDecoder decoder, InferenceSession session, Tensor first, Tensor start, Tensor? onnxStart = null)
        {
            string[] names = OnnxTesting.StateNames(decoder);
            var state = new OnnxPartsDecoder.State(new GruState(start));
            var onnxState = new[] { onnxStart ?? start };
            var input = first;
            double worst = 0;
            var tokens = new System.Collections.Generic.List<long>();
            for (int step = 0; step <= Steps; step++)
            {
                var (output, next) = decoder.ForwardWithState(input, state);
                var (onnxOutput, onnxNext) = OnnxTesting.Run(session, input, names, onnxState);
                worst = System.Math.Max(worst, LayerTesting.MaxDifference(output.detach(), onnxOutput));
                worst = System.Math.Max(worst, LayerTesting.MaxDifference(next.Gru.H.detach(), onnxNext[0]));
                var picked = output.detach().select(1, -1).argmax(-1);
                tokens.AddRange(picked.data<long>().ToArray());
                input = picked.unsqueeze(1);
                state = next;
                onnxState = onnxNext;
            }
            return (worst, tokens.ToArray());
        }
    }
}
