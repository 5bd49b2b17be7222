using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The generation loop behind a language model's <c>Generate</c> and a Seq2Seq model's greedy <c>Translate</c>: the
    /// prompts run once through the model from the state given (zeros when null), then each new token costs one step of
    /// one token per prompt, from the state the previous step returned; the window is never run again. The caller sets
    /// evaluation mode without gradients (the LSTM's own workaround aside); one dispose scope per step; the carried state
    /// lives outside it and is disposed when replaced.
    /// </summary>
    /// <remarks>
    /// Prompts of different lengths run together: the part all of them have runs at once, and a longer prompt's other
    /// tokens are fed one per step, as the shorter prompts' first new tokens are, so every row stays one step of one
    /// token.
    /// </remarks>
    internal static class TokenGeneration
    {
        /// <summary>Runs the model on <paramref name="input"/> from <paramref name="state"/> (zeros when null): its scores [batch, steps, vocabulary], their mask and the final state.</summary>
        internal delegate (Tensor Output, Tensor? Mask, ModelState State) StepFunction(Tensor input, ModelState? state);

        /// <summary>
        /// The new tokens of each prompt: <paramref name="maxNewTokens"/>, or fewer when a row drew
        /// <paramref name="endToken"/> (kept as its last token).
        /// </summary>
        /// <param name="model">A language model: token ids in, scores over <paramref name="vocabulary"/> per step out.</param>
        /// <param name="prompts">One or more prompts, each of at least one id in [0, <paramref name="vocabulary"/>).</param>
        /// <param name="maxNewTokens">The most tokens to add to each prompt, 0 or more.</param>
        /// <param name="sampling">How each token is picked.</param>
        /// <param name="endToken">The token that ends a row, or null.</param>
        /// <param name="vocabulary">The model's vocabulary (its Embedding's and its output's size).</param>
        /// <param name="promptName">The argument's name in messages: <c>prompt</c> or <c>prompts</c>.</param>
        /// <exception cref="ArgumentException">An argument is invalid; the message names it and gives the expected and actual value.</exception>
        public static long[][] Generate(RnnModel model, IReadOnlyList<long[]> prompts, int maxNewTokens, Sampling sampling, long? endToken,
            int vocabulary, string promptName)
        {
            ArgumentNullException.ThrowIfNull(model);
            string name = model.GetType().Name + ".Generate";
            CheckArguments(name, prompts, maxNewTokens, sampling, endToken, vocabulary, promptName);
            if (maxNewTokens == 0) return prompts.Select(_ => Array.Empty<long>()).ToArray();
            using var inference = new TrainingLoop.InferenceMode(model);
            return Continue(model.RunWithState, null, prompts, maxNewTokens, sampling, endToken, keepEnd: true, model.parameters().First().device);
        }

        /// <summary>
        /// Continues each prompt by up to <paramref name="maxNewTokens"/> tokens, at least 1, one step per token: the
        /// tokens picked, without the prompt; a row that picks <paramref name="endToken"/> stops there, keeping it as its
        /// last token when <paramref name="keepEnd"/>. Takes <paramref name="state"/> over: it is disposed when replaced.
        /// </summary>
        /// <param name="step">Runs the model from a state.</param>
        /// <param name="state">The state the prompts start from; null for zeros.</param>
        /// <param name="prompts">One or more prompts, each of at least one token id.</param>
        /// <param name="maxNewTokens">The most tokens to add to each prompt, at least 1.</param>
        /// <param name="sampling">How each token is picked.</param>
        /// <param name="endToken">The token that ends a row, or null.</param>
        /// <param name="keepEnd">Whether a row keeps the end token as its last token.</param>
        /// <param name="device">The model's device, where the inputs go.</param>
        internal static long[][] Continue(StepFunction step, ModelState? state, IReadOnlyList<long[]> prompts, int maxNewTokens, Sampling sampling,
            long? endToken, bool keepEnd, Device device)
        {
            var rows = prompts.Select(prompt => new Row(prompt, maxNewTokens, endToken, keepEnd)).ToArray();
            using var generator = sampling.CreateGenerator();
            int shared = prompts.Min(prompt => prompt.Length);
            Tensor? input = Prompts(prompts, shared, device);
            try
            {
                for (int fed = shared; input is not null; fed++)
                {
                    var picked = Pick(step, input, ref state, sampling, generator);
                    input.Dispose();
                    bool running = false;
                    for (int i = 0; i < rows.Length; i++) running |= rows[i].Take(fed, picked[i]);
                    input = running ? Next(rows, fed, picked, device) : null;
                }
            }
            finally
            {
                input?.Dispose();
                state?.Dispose();
            }
            return rows.Select(row => row.Tokens).ToArray();
        }

        /// <summary>
        /// Runs <paramref name="input"/> from <paramref name="state"/>, which it replaces by the final state (disposing
        /// the old one), and picks each row's next token from the last step's scores: only the picked ids come back to
        /// the host for greedy picking (see <see cref="Sampling.Pick"/>).
        /// </summary>
        private static long[] Pick(StepFunction step, Tensor input, ref ModelState? state, Sampling sampling, Generator? generator)
        {
            using var scope = NewDisposeScope();
            var (output, _, final) = step(input, state);
            var picked = sampling.Pick(output.select(1, -1), generator);
            state?.Dispose();
            state = final.DetachFromDisposeScope();
            return picked.Values<long>();
        }

        /// <summary>The next input, [batch, 1]: a prompt's next id while it lasts, else the row's token just picked.</summary>
        private static Tensor Next(Row[] rows, int fed, long[] picked, Device device)
        {
            var ids = new long[rows.Length];
            for (int i = 0; i < rows.Length; i++) ids[i] = fed < rows[i].Prompt.Length ? rows[i].Prompt[fed] : picked[i];
            using var host = tensor(ids, new long[] { rows.Length, 1 }, ScalarType.Int64);
            return host.to(device);
        }

        /// <summary>The first <paramref name="length"/> ids of every prompt, [batch, length], on <paramref name="device"/>.</summary>
        private static Tensor Prompts(IReadOnlyList<long[]> prompts, int length, Device device)
        {
            var ids = new long[prompts.Count * (long)length];
            for (int i = 0; i < prompts.Count; i++) Array.Copy(prompts[i], 0, ids, i * (long)length, length);
            using var host = tensor(ids, new long[] { prompts.Count, length }, ScalarType.Int64);
            return host.to(device);
        }

        private static void CheckArguments(string name, IReadOnlyList<long[]> prompts, int maxNewTokens, Sampling sampling, long? endToken,
            int vocabulary, string promptName)
        {
            if (prompts is null) throw new ArgumentNullException(promptName, $"{name}: {promptName} must not be null.");
            if (prompts.Count == 0) throw new ArgumentException($"{name}: {promptName} must hold at least one prompt, but is empty.", promptName);
            for (int i = 0; i < prompts.Count; i++)
            {
                string which = prompts.Count == 1 && promptName == "prompt" ? promptName : $"{promptName}[{Format(i)}]";
                if (prompts[i] is null) throw new ArgumentNullException(promptName, $"{name}: {which} must not be null.");
                if (prompts[i].Length == 0)
                    throw new ArgumentException($"{name}: {which} must hold at least one token id to start from, but is empty.", promptName);
                int bad = Array.FindIndex(prompts[i], id => id < 0 || id >= vocabulary);
                if (bad >= 0)
                    throw new ArgumentException(
                        $"{name}: {which} holds id {Format(prompts[i][bad])} at position {Format(bad)}, outside the model's vocabulary [0, {Format(vocabulary)}).", promptName);
            }
            if (maxNewTokens < 0)
                throw new ArgumentOutOfRangeException(nameof(maxNewTokens), maxNewTokens, $"{name}: maxNewTokens must be 0 or more, but was {Format(maxNewTokens)}.");
            if (sampling is null)
                throw new ArgumentNullException(nameof(sampling), $"{name}: sampling must be a Sampling, e.g. Sampling.Greedy or Sampling.Temperature(0.8).");
            if (endToken is long end && (end < 0 || end >= vocabulary))
                throw new ArgumentOutOfRangeException(nameof(endToken), end, $"{name}: endToken must be in the model's vocabulary [0, {Format(vocabulary)}), but was {Format(end)}.");
        }

        private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>One prompt's progress: its new tokens so far, and whether it is done.</summary>
        private sealed class Row
        {
            private readonly List<long> _tokens = new();
            private readonly int _max;
            private readonly long? _end;
            private readonly bool _keepEnd;
            private bool _done;

            public Row(long[] prompt, int max, long? end, bool keepEnd) => (Prompt, _max, _end, _keepEnd) = (prompt, max, end, keepEnd);

            public long[] Prompt { get; }

            public long[] Tokens => _tokens.ToArray();

            /// <summary>
            /// Takes the token drawn after <paramref name="fed"/> ids: a new token once the prompt is used up. Returns
            /// whether the row needs more steps.
            /// </summary>
            public bool Take(int fed, long token)
            {
                if (_done || fed < Prompt.Length) return !_done;
                bool end = token == _end;
                if (!end || _keepEnd) _tokens.Add(token);
                _done = end || _tokens.Count == _max;
                return !_done;
            }
        }
    }
}
