using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using Rnn.Modules;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Base of every generated encoder–decoder, <c>[Seq2Seq(typeof(Encoder), typeof(Decoder))] partial class Translator</c>:
    /// the encoder reads the source; its last recurrent layer's final state starts the decoder's first recurrent layer
    /// (a bidirectional layer's two directions side by side for <see cref="MergeMode.Concat"/>, added for
    /// <see cref="MergeMode.Sum"/>); the decoder, a language model over the target vocabulary, writes the target. Its
    /// parts are registered as <c>encoder</c> and <c>decoder</c>, so one weights file holds both
    /// (<c>encoder.embedding.weight</c>, <c>decoder.gru.weight_ih_l0</c>, …), and Compile, callbacks, SaveWeights and
    /// LoadWeights work as for any model. It takes two inputs: train it with
    /// <see cref="Fit(ValueTuple{Tensor, Tensor}, Tensor, int, int, double, bool, long?, ValueTuple{ValueTuple{Tensor, Tensor}, Tensor}?, int, System.IO.TextWriter?, IReadOnlyList{Callback}?, IReadOnlyDictionary{int, double}?, int)"/>
    /// and decode with <see cref="Translate"/>.
    /// </summary>
    public abstract partial class Seq2SeqModel : RnnModel
    {
        private const string TwoInputs =
            "it takes two inputs: use Forward(source, targetInput), Fit((source, targetInput), y), Evaluate((source, targetInput), y) or Translate(source, …)";

        private IReadOnlyList<(string Name, RnnModel Reader)>? _inputParts;
        private bool? _decoderAttends;
        private IReadOnlyList<Layer>? _layerModules;

        /// <summary>Creates the model named <paramref name="name"/>; the generated constructor then creates and registers its parts.</summary>
        protected Seq2SeqModel(string name) : base(name) { }

        /// <summary>The encoder: the model that reads the source.</summary>
        public abstract RnnModel EncoderModel { get; }

        /// <summary>The decoder: the language model that writes the target from the encoder's state.</summary>
        public abstract RnnModel DecoderModel { get; }

        /// <summary>The decoder's zero state for <paramref name="batchSize"/> sequences, of its own <c>State</c> type.</summary>
        /// <param name="batchSize">Sequences in the batch.</param>
        protected abstract ModelState DecoderInitialState(long batchSize);

        /// <summary>
        /// The seed of a Seq2Seq model's decoder, derived from the model's (generated constructors call it), so that the
        /// encoder's and the decoder's initial weights are drawn from different streams.
        /// </summary>
        /// <param name="seed">The model's seed, or null for TorchSharp's global generator.</param>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static long? DecoderSeed(long? seed) => seed is long s ? unchecked(s + 1) : null;

        /// <summary>
        /// Runs the model with teacher forcing: the encoder reads <paramref name="source"/>, and the decoder reads
        /// <paramref name="targetInput"/> (the target after the start token) from the encoder's final state.
        /// </summary>
        /// <param name="source">The encoder's input, [batch, sourceTime] token ids (or [batch, time, features]).</param>
        /// <param name="targetInput">The decoder's input, int64 token ids [batch, targetTime]: the start token, then the target but its last token.</param>
        /// <returns>The decoder's scores (logits) of the next token at every step, [batch, targetTime, vocabulary].</returns>
        /// <exception cref="ArgumentException">An input does not fit its part, or their batch sizes differ.</exception>
        public Tensor Forward(Tensor source, Tensor targetInput)
        {
            var (output, mask) = ForwardWithMask(source, targetInput);
            mask?.Dispose();
            return output;
        }

        /// <summary>
        /// <see cref="Forward(Tensor, Tensor)"/> with the output's mask: bool [batch, targetTime], true on the real steps
        /// of <paramref name="targetInput"/> when the decoder's Embedding masks id 0 (<c>MaskZero</c>); otherwise null.
        /// Training leaves the padded steps out of the loss with it.
        /// </summary>
        /// <param name="source">The encoder's input, as for <see cref="Forward(Tensor, Tensor)"/>.</param>
        /// <param name="targetInput">The decoder's input, as for <see cref="Forward(Tensor, Tensor)"/>.</param>
        /// <returns>The scores [batch, targetTime, vocabulary] and their mask.</returns>
        /// <exception cref="ArgumentException">An input does not fit its part, or their batch sizes differ.</exception>
        public (Tensor Output, Tensor? Mask) ForwardWithMask(Tensor source, Tensor targetInput)
        {
            ArgumentNullException.ThrowIfNull(source);
            ArgumentNullException.ThrowIfNull(targetInput);
            if (source.dim() > 0 && targetInput.dim() > 0 && source.size(0) != targetInput.size(0))
                throw new ArgumentException(
                    $"{GetName()}: source has {source.size(0)} sequences but targetInput has {targetInput.size(0)}; they must match.", nameof(targetInput));
            using var scope = NewDisposeScope();
            var encoded = Encode(source);
            var (output, mask, _) = RunDecoder(targetInput, encoded.State, encoded);
            return GeneratedModelSupport.MoveOut(scope, output, mask);
        }

        /// <summary>Not supported: a Seq2Seq model takes two inputs.</summary>
        /// <exception cref="NotSupportedException">Always; the message names the calls that take two inputs.</exception>
        public sealed override Tensor Forward(Tensor input) => throw NotOneInput(nameof(Forward) + "(input)");

        /// <summary>Not supported: a Seq2Seq model takes two inputs.</summary>
        /// <exception cref="NotSupportedException">Always; the message names the calls that take two inputs.</exception>
        public sealed override (Tensor Output, Tensor? Mask) ForwardWithMask(Tensor input) => throw NotOneInput(nameof(ForwardWithMask) + "(input)");

        /// <summary>The encoder's layers, then the decoder's.</summary>
        public override IReadOnlyList<Layer> LayerModules => _layerModules ??= Array.AsReadOnly(EncoderModel.LayerModules.Concat(DecoderModel.LayerModules).ToArray());

        /// <summary>Not supported: a Seq2Seq model has two input shapes, its encoder's and its decoder's <c>ModelInputShape</c>.</summary>
        /// <exception cref="NotSupportedException">Always.</exception>
        public override Shape ModelInputShape => throw NotOneInput(nameof(ModelInputShape));

        /// <inheritdoc/>
        internal override IReadOnlyList<(string Name, RnnModel Reader)> InputParts =>
            _inputParts ??= new[] { ("Source", EncoderModel), ("TargetInput", DecoderModel) };

        /// <inheritdoc/>
        internal override (Tensor Output, Tensor? Mask) ForwardInputs(IReadOnlyList<Tensor> inputs) => ForwardWithMask(inputs[0], inputs[1]);

        /// <inheritdoc/>
        internal override void RequireOneInput(string call) => throw NotOneInput(call);

        private NotSupportedException NotOneInput(string call) =>
            new($"{GetName()} is a Seq2Seq model, so {call} is not supported: {TwoInputs}." +
                (call == nameof(ExportOnnx) ? " For ONNX export of its encoder and decoder, use ExportOnnx(encoderPath, decoderPath)." : ""));

        /// <summary>
        /// Writes the model's two parts as ONNX files (opset 17) that a host joins to translate in ONNX Runtime, as
        /// <see cref="Translate"/> does with beam width 1:
        /// <list type="bullet">
        /// <item><paramref name="encoderPath"/>: the encoder's stateful graph (see <see cref="RnnModel.ExportOnnx(string, bool)"/>
        /// with <c>withState: true</c>): inputs <c>input</c> (the source) and <c>state.&lt;layer&gt;.h</c>
        /// (<c>.c</c> for an LSTM) of each recurrent layer, fed zeros; outputs <c>output</c>, <c>final_state.*</c>, and
        /// <c>decoder_state.&lt;layer&gt;.h</c> (<c>.c</c>) for each <c>state.*</c> input of the decoder's graph: the
        /// decoder's initial state.</item>
        /// <item><paramref name="decoderPath"/>: the decoder's one-step stateful graph, as a language model exports it: inputs
        /// <c>input</c> (int64 token ids [batch, steps]), then, when the decoder has attention layers, <c>memory</c> (the
        /// encoder's <c>output</c>, float32 [batch, sourceTime, features]) and <c>memory_mask</c> (bool [batch, sourceTime],
        /// true on real source steps: for an Embedding with <c>MaskZero</c>, source id ≠ 0), then its <c>state.*</c>; outputs
        /// <c>output</c> (the next token's scores) and <c>final_state.*</c>.</item>
        /// </list>
        /// The decoder's first step takes each <c>decoder_state.*</c> as the <c>state.*</c> of the same name, as it is: the
        /// encoder graph computes them as <see cref="Translate"/> starts the decoder. Its first recurrent layer's is the
        /// encoder's last recurrent layer's final state, a bidirectional layer's directions merged in the graph (for
        /// <see cref="MergeMode.Concat"/> side by side, forward units then backward; for <see cref="MergeMode.Sum"/> added);
        /// its other layers' are zeros. Then each step feeds the token picked (the start token first) with each
        /// <c>final_state.*</c> as the <c>state.*</c> of the same name. Both files are replaced atomically.
        /// </summary>
        /// <param name="encoderPath">The encoder's .onnx file; its folder is created if needed.</param>
        /// <param name="decoderPath">The decoder's .onnx file; its folder is created if needed.</param>
        /// <exception cref="ArgumentException">A path is null, empty, or both paths are the same.</exception>
        /// <exception cref="NotSupportedException">A layer of either part cannot be exported; the message names it and says why.</exception>
        public void ExportOnnx(string encoderPath, string decoderPath)
        {
            ArgumentException.ThrowIfNullOrEmpty(encoderPath);
            ArgumentException.ThrowIfNullOrEmpty(decoderPath);
            if (string.Equals(System.IO.Path.GetFullPath(encoderPath), System.IO.Path.GetFullPath(decoderPath), StringComparison.Ordinal))
                throw new ArgumentException($"{GetName()}.ExportOnnx needs two different files for the encoder and the decoder but got {encoderPath} twice.", nameof(decoderPath));
            var encoder = Rnn.Onnx.OnnxExporter.Build(EncoderModel, withState: true, startsDecoder: DecoderModel);
            var decoder = Rnn.Onnx.OnnxExporter.Build(DecoderModel, withState: true, withMemory: DecoderAttends);
            Rnn.Onnx.OnnxExporter.Save(encoder, encoderPath);
            Rnn.Onnx.OnnxExporter.Save(decoder, decoderPath);
        }

        /// <summary>What the encoder gives the decoder: its output sequence and mask (the memory attention reads), and the decoder's starting state.</summary>
        private protected readonly record struct Encoded(Tensor Memory, Tensor? MemoryMask, ModelState State);

        /// <summary>
        /// Runs the encoder on <paramref name="source"/>: its output and mask, and the decoder's starting state (zeros but
        /// the first recurrent layer's, which is the encoder's last recurrent layer's final state, its directions merged).
        /// New tensors in the caller's dispose scope.
        /// </summary>
        private protected Encoded Encode(Tensor source)
        {
            var (memory, memoryMask, encoderState) = EncoderModel.RunWithState(source, null);
            var last = EncoderModel.LayerModules.OfType<RecurrentLayer>().Last();
            var final = encoderState.Layers[^1];
            var merged = last.Bidirectional ? final.MergeDirections(last.MergeMode, last.Units) : final;
            var zeros = DecoderInitialState(source.size(0));
            var start = zeros.WithLayer(0, merged);
            zeros.Layers[0].Dispose();
            return new Encoded(memory, memoryMask, start);
        }

        /// <summary>
        /// Runs the decoder on <paramref name="targetInput"/> from <paramref name="state"/>; its attention layers, if any,
        /// attend over the encoder's output sequence, whose padded steps get zero weight.
        /// </summary>
        private protected (Tensor Output, Tensor? Mask, ModelState State) RunDecoder(Tensor targetInput, ModelState state, Encoded encoded) =>
            DecoderAttends
                ? DecoderModel.RunWithMemory(targetInput, state, encoded.Memory, encoded.MemoryMask)
                : DecoderModel.RunWithState(targetInput, state);

        /// <summary>True when the decoder holds attention layers, which attend over the encoder's output sequence.</summary>
        private bool DecoderAttends => _decoderAttends ??= DecoderModel.LayerModules.OfType<AttentionLayer>().Any();
    }
}
