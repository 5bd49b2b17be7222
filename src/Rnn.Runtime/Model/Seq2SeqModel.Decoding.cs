using System;
using System.Globalization;
using System.Linq;
using Rnn.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    public abstract partial class Seq2SeqModel
    {
        /// <summary>
        /// Translates each source sequence, in evaluation mode without gradients: the encoder reads the sources once, then
        /// the decoder writes one token per step for every sequence at once, carrying its state (never reading the tokens
        /// before again), until every sequence has produced <paramref name="endToken"/> or <paramref name="maxLength"/>
        /// tokens. With <paramref name="beamWidth"/> 1 it is greedy: each step takes the most likely token. With a wider
        /// beam, each source keeps its <paramref name="beamWidth"/> most likely hypotheses, scored by the sum of their
        /// tokens' log-probabilities (the end token's included, not normalised by length), and returns the best one that
        /// ended; a source stops as soon as its best ended hypothesis scores at least its best live one.
        /// </summary>
        /// <param name="source">The sources, as the encoder takes them: e.g. int64 token ids [sources, sourceTime], right-padded with 0, on any device (it is copied to the model's).</param>
        /// <param name="maxLength">The most tokens a translation has (at least 1); one that reaches it without the end token ends there.</param>
        /// <param name="startToken">The token the decoder starts each translation from, as in training's target input.</param>
        /// <param name="endToken">The token that ends a translation.</param>
        /// <param name="beamWidth">1 for greedy decoding, or the beam width.</param>
        /// <returns>One translation per source, in order: its tokens without the start and the end token.</returns>
        /// <exception cref="ArgumentException">The source does not fit the encoder, a token is outside the decoder's
        /// vocabulary, the start token is its padding id, or <paramref name="maxLength"/> or <paramref name="beamWidth"/> is not positive.</exception>
        public long[][] Translate(Tensor source, int maxLength, long startToken, long endToken, int beamWidth = 1)
        {
            string name = GetName() + ".Translate";
            NativeSetup.EnsureLoaded();
            long vocabulary = CheckDecoding(name, maxLength, startToken, endToken, beamWidth);
            TrainingLoop.CheckSamples(EncoderModel, name, source, nameof(source));
            using var inference = new TrainingLoop.InferenceMode(this);
            using var scope = NewDisposeScope();
            var device = WeightsDevice(); // a source on the host goes to a model on a GPU, as Predict's input does
            var encoded = Encode(DeviceTransfer.To(source, device));
            int sources = checked((int)source.size(0));
            return beamWidth == 1
                ? Greedy(encoded, sources, maxLength, startToken, endToken, device)
                : Beam(encoded, sources, beamWidth, vocabulary, maxLength, startToken, endToken, device);
        }

        /// <summary>
        /// How the decoder's attention spreads over one source while it writes <paramref name="translation"/> (e.g. what
        /// <see cref="Translate"/> returned for it), for plotting: the teacher-forced forward of the start token and the
        /// translation, in evaluation mode without gradients, read from the decoder's first attention layer.
        /// </summary>
        /// <param name="source">One source, as the encoder takes it: e.g. int64 token ids [1, sourceTime], on any device.</param>
        /// <param name="translation">The target tokens, without the start and the end token.</param>
        /// <param name="startToken">The token the decoder starts from.</param>
        /// <returns>
        /// A new tensor [translation length + 1, sourceTime] that the caller disposes: row i holds the weights over the
        /// source steps while the decoder writes token i of the translation, the last row while it writes the end token.
        /// Each row sums to 1 over the source's real steps; padded steps get 0.
        /// </returns>
        /// <exception cref="ArgumentException">The source is not one sequence fitting the encoder, or a token is outside the decoder's vocabulary.</exception>
        /// <exception cref="NotSupportedException">The decoder has no attention layer.</exception>
        public Tensor AttentionWeights(Tensor source, long[] translation, long startToken)
        {
            string name = GetName() + ".AttentionWeights";
            ArgumentNullException.ThrowIfNull(translation);
            NativeSetup.EnsureLoaded();
            var attention = DecoderModel.LayerModules.OfType<AttentionLayer>().FirstOrDefault()
                ?? throw new NotSupportedException($"{name}: the decoder {DecoderModel.GetName()} has no attention layer (Attention, AdditiveAttention) to read weights from.");
            TrainingLoop.CheckSamples(EncoderModel, name, source, nameof(source));
            if (source.size(0) != 1)
                throw new ArgumentException($"{name}: source must hold one sequence [1, …], but has shape {Shape.Format(source.shape)}.", nameof(source));
            long vocabulary = DecoderEmbedding.Vocabulary;
            var tokens = new[] { startToken }.Concat(translation).ToArray();
            int outside = Array.FindIndex(tokens, t => t < 0 || t >= vocabulary);
            if (outside >= 0)
                throw new ArgumentOutOfRangeException(outside == 0 ? nameof(startToken) : nameof(translation), tokens[outside],
                    $"{name}: {(outside == 0 ? "startToken" : $"translation[{Format(outside - 1)}]")} must be a token of the decoder's vocabulary [0, {Format(vocabulary)}), but was {Format(tokens[outside])}.");
            using var inference = new TrainingLoop.InferenceMode(this);
            using var scope = NewDisposeScope();
            var device = WeightsDevice();
            var targetInput = tensor(tokens, new long[] { 1, tokens.Length }, device: device);
            ForwardWithMask(DeviceTransfer.To(source, device), targetInput);
            return attention.LastWeights!.select(0, 0).clone().MoveToOuterDisposeScope();
        }

        /// <summary>The decoder's vocabulary, after checking the decoding arguments.</summary>
        private long CheckDecoding(string name, int maxLength, long startToken, long endToken, int beamWidth)
        {
            if (maxLength < 1)
                throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"{name}: maxLength must be at least 1, but was {maxLength}.");
            if (beamWidth < 1)
                throw new ArgumentOutOfRangeException(nameof(beamWidth), beamWidth, $"{name}: beamWidth must be at least 1 (1 for greedy decoding), but was {beamWidth}.");
            var embedding = DecoderEmbedding;
            long vocabulary = embedding.Vocabulary;
            foreach (var (token, argument) in new[] { (startToken, nameof(startToken)), (endToken, nameof(endToken)) })
            {
                if (token < 0 || token >= vocabulary)
                    throw new ArgumentOutOfRangeException(argument, token,
                        $"{name}: {argument} must be a token of the decoder's vocabulary [0, {Format(vocabulary)}), but was {Format(token)}.");
            }
            if (embedding.MaskZero && startToken == 0)
                throw new ArgumentException(
                    $"{name}: startToken 0 is the padding id of the decoder's {embedding.GetName()} (MaskZero), so the decoder would skip it; use the start token of training's target input.",
                    nameof(startToken));
            return vocabulary;
        }

        /// <summary>The decoder's Embedding, which reads its token ids.</summary>
        private Embedding DecoderEmbedding => DecoderModel.LayerModules.OfType<Embedding>().First();

        /// <summary>
        /// Greedy decoding: each step feeds every sequence its most likely token, in the generation loop that
        /// <c>Generate</c> runs (which keeps the end token; a translation drops it).
        /// </summary>
        private long[][] Greedy(Encoded encoded, int sources, int maxLength, long startToken, long endToken, Device device) =>
            TokenGeneration.Continue((input, state) => RunDecoder(input, state!, encoded), encoded.State,
                Enumerable.Repeat(new[] { startToken }, sources).ToArray(), maxLength, Sampling.Greedy, endToken, keepEnd: false, device);

        /// <summary>Beam search over <paramref name="width"/> hypotheses per source (see <see cref="BeamHypotheses"/>).</summary>
        private long[][] Beam(Encoded encoded, int sources, int width, long vocabulary, int maxLength, long startToken, long endToken, Device device)
        {
            // Row source · width + j is hypothesis j of that source.
            using var rows = tensor(Enumerable.Range(0, sources * width).Select(row => (long)(row / width)).ToArray(), device: device);
            var beams = new BeamHypotheses(sources, width);
            var state = encoded.State.Select(rows).DetachFromDisposeScope();
            var memory = new Encoded(encoded.Memory.index_select(0, rows), encoded.MemoryMask?.index_select(0, rows), state);
            var tokens = Enumerable.Repeat(startToken, sources * width).ToArray();
            long candidates = Math.Min(2L * width, width * vocabulary);
            using var one = 1.ToScalar();
            try
            {
                for (int step = 0; step < maxLength && !beams.AllDone; step++)
                {
                    using var scope = NewDisposeScope();
                    var (scores, next) = DecodeStep(tokens, state, memory, device);
                    state.Dispose();
                    state = next;
                    var total = scores.log_softmax(-1).add_(tensor(beams.Scores, new long[] { sources * width, 1 }, device: device), one);
                    // Sorted rather than topk, which leaves an object to the finalizer on every call (TorchSharp 0.107).
                    var (sorted, order) = total.reshape(sources, width * vocabulary).sort(1, descending: true);
                    var (values, indices) = (sorted.narrow(1, 0, candidates), order.narrow(1, 0, candidates));
                    var (parents, feed) = beams.Advance(values.Values<float>(), indices.Values<long>(),
                        vocabulary, endToken, lastStep: step == maxLength - 1, fill: startToken);
                    var reordered = state.Select(tensor(parents, device: device)).DetachFromDisposeScope();
                    state.Dispose();
                    state = reordered;
                    tokens = feed;
                }
            }
            finally
            {
                state.Dispose();
            }
            return beams.Best();
        }

        /// <summary>
        /// One decoding step in the caller's dispose scope: the decoder reads one token per row from
        /// <paramref name="state"/>; returns its scores of the next token [rows, vocabulary] and its new state, taken out
        /// of every dispose scope (the caller disposes it).
        /// </summary>
        private (Tensor Scores, ModelState State) DecodeStep(long[] tokens, ModelState state, Encoded encoded, Device device)
        {
            var input = tensor(tokens, new long[] { tokens.Length, 1 }, device: device);
            var (output, _, next) = RunDecoder(input, state, encoded);
            return (output.select(1, 0), next.DetachFromDisposeScope());
        }

        private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
