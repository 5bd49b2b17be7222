using System;
using System.Collections.Generic;
using System.Linq;
using Rnn;
using TorchSharp;
using static TorchSharp.torch;

namespace TextGenSample
{
    /// <summary>
    /// Scores a text with the <see cref="CharacterModel"/> as the baseline scores it: each character predicted from all
    /// the characters before it, in bits (the cross-entropy over ln 2), over the characters the baseline scores. The
    /// text runs as one stream in chunks of <see cref="ChunkLength"/>, the state carried from each chunk to the next, so
    /// memory stays small and nothing is forgotten at a chunk border.
    /// </summary>
    public static class CharacterScores
    {
        /// <summary>Characters per forward pass.</summary>
        public const int ChunkLength = 2_000;

        /// <summary>
        /// The bits per character of <paramref name="model"/> on <paramref name="text"/>, the first predicted after
        /// <paramref name="context"/>, counting only the characters whose id is in <paramref name="scored"/>; in evaluation
        /// mode, without gradients.
        /// </summary>
        /// <param name="model">The trained model.</param>
        /// <param name="context">The id just before the text (the training part's last character).</param>
        /// <param name="text">The ids to score.</param>
        /// <param name="scored">The ids that count (the baseline's symbols); the others are context only.</param>
        /// <param name="chunkLength">Characters per forward pass.</param>
        /// <returns>The bits per character and the characters scored.</returns>
        public static (double BitsPerChar, int Scored) Evaluate(CharacterModel model, int context, ReadOnlySpan<int> text, IReadOnlyCollection<int> scored,
            int chunkLength = ChunkLength)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(scored);
            ArgumentOutOfRangeException.ThrowIfLessThan(chunkLength, 1);
            var counts = scored.ToHashSet();
            long[] inputs = new long[text.Length], targets = new long[text.Length];
            bool[] counted = new bool[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                inputs[i] = i == 0 ? context : text[i - 1];
                targets[i] = text[i];
                counted[i] = counts.Contains(text[i]);
            }
            bool training = model.training;
            model.eval();
            double nats = 0;
            var device = model.ComputeDevice.ToTorchDevice();
            CharacterModel.State? state = null;
            try
            {
                using var noGrad = no_grad();
                for (int start = 0; start < text.Length; start += chunkLength)
                {
                    int length = Math.Min(chunkLength, text.Length - start);
                    using var scope = NewDisposeScope();
                    var (output, final) = model.ForwardWithState(tensor(inputs.AsSpan(start, length).ToArray(), new long[] { 1, length }, device: device), state);
                    var logProbabilities = output[0].log_softmax(-1).gather(-1, tensor(targets.AsSpan(start, length).ToArray(), device: device).unsqueeze(-1)).squeeze(-1);
                    nats -= logProbabilities.to_type(ScalarType.Float64).masked_select(tensor(counted.AsSpan(start, length).ToArray(), device: device)).sum().cpu().item<double>();
                    state?.Dispose();
                    state = (CharacterModel.State)final.DetachFromDisposeScope();
                }
            }
            finally
            {
                state?.Dispose();
                model.train(training);
            }
            int n = counted.Count(c => c);
            return (nats / n / Math.Log(2), n);
        }
    }
}
