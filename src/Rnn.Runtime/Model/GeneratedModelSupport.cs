using System;
using System.ComponentModel;
using System.Linq;
using Rnn.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The helpers that the code generated for <c>[RnnModel]</c> partial classes calls: seeding the weight initialisers,
    /// checking the input (and a recurrent state) and moving the result out of the forward pass's dispose scope. They
    /// are public only because the generated code lives in your assembly; hand-written code has no need of them.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class GeneratedModelSupport
    {
        /// <summary>
        /// A generator seeded with <paramref name="seed"/>, or null for TorchSharp's global generator: the source of a
        /// generated model's initial weights (and of Fit's shuffling when it has a seed).
        /// </summary>
        public static Generator? CreateGenerator(long? seed)
        {
            NativeSetup.EnsureLoaded();
            return seed is long s ? new Generator((ulong)s) : null;
        }

        /// <summary>
        /// Moves a model's output and mask out of <paramref name="scope"/> (generated <c>ForwardWithMask</c> methods call it).
        /// Tensors the scope does not own are returned as they are: a layer may pass its input or mask straight through.
        /// </summary>
        public static (Tensor Output, Tensor? Mask) MoveOut(DisposeScope scope, Tensor output, Tensor? mask) =>
            (LayerChecks.Keep(scope, output), LayerChecks.KeepMask(scope, mask));

        /// <summary>
        /// Moves a model's output, mask and final state out of <paramref name="scope"/> (generated
        /// <c>ForwardWithStateCore</c> methods call it). Tensors the scope does not own are returned as they are.
        /// </summary>
        public static (Tensor Output, Tensor? Mask, ModelState State) MoveOut(DisposeScope scope, Tensor output, Tensor? mask, ModelState state)
        {
            ArgumentNullException.ThrowIfNull(state);
            foreach (var tensor in state.Layers.SelectMany(layer => layer.Tensors)) LayerChecks.Keep(scope, tensor);
            return (LayerChecks.Keep(scope, output), LayerChecks.KeepMask(scope, mask), state);
        }

        /// <summary>
        /// Checks a state given to a generated model's <c>ForwardWithStateCore</c>: it must be the model's own
        /// <typeparamref name="TState"/>, with a state for each recurrent layer. Each layer checks its own state's kind,
        /// shape (for a batch of <paramref name="batchSize"/>), device and dtype when it runs, naming the model, so the
        /// tensors are checked once per step.
        /// </summary>
        /// <typeparam name="TState">The model's <c>State</c> record.</typeparam>
        /// <param name="model">The model the state is for.</param>
        /// <param name="initialState">The state to check, or null.</param>
        /// <param name="batchSize">The input's batch size.</param>
        /// <returns><paramref name="initialState"/> as a <typeparamref name="TState"/>, or null.</returns>
        /// <exception cref="ArgumentException">It does not fit; the message names the model, the layer and both shapes.</exception>
        public static TState? CheckInitialState<TState>(RnnModel model, ModelState? initialState, long batchSize) where TState : ModelState
        {
            ArgumentNullException.ThrowIfNull(model);
            if (initialState is null) return null;
            string name = model.GetName();
            if (initialState is not TState state)
                throw new ArgumentException(
                    $"{name}: the initial state must be {TypeName(typeof(TState))}, but got {TypeName(initialState.GetType())}.", nameof(initialState));
            var layers = model.LayerModules.OfType<RecurrentLayer>().ToList();
            var states = state.Layers;
            if (states.Count != layers.Count)
                throw new ArgumentException(
                    $"{name}: the initial state must hold {layers.Count} layer states ({string.Join(", ", layers.Select(l => l.GetName()))}), but holds {states.Count}.",
                    nameof(initialState));
            // A missing layer state would mean zeros to the layer: its check says what was expected instead.
            for (int i = 0; i < layers.Count; i++)
            {
                if (states[i] is null) layers[i].CheckState(null, batchSize);
            }
            return state;
        }

        /// <summary>
        /// Checks that <paramref name="input"/> holds float32 values (the type of the weights) and fits
        /// <paramref name="expected"/> (rank and every known dimension).
        /// </summary>
        /// <exception cref="ArgumentException">It does not; the message names the model, the expected and the actual
        /// type and shape.</exception>
        public static void CheckInput(Tensor input, string model, Shape expected)
        {
            if (input is null) throw new ArgumentNullException(nameof(input), $"{model} needs an input tensor {expected.ToBatchString()}.");
            if (input.dtype != ScalarType.Float32)
                throw new ArgumentException(
                    $"{model} expects float32 input {expected.ToBatchString()} but got {input.dtype} {Shape.Format(input.shape)}.", nameof(input));
            if (!expected.MatchesSizesOf(input)) // dim()/size(i): input.shape would leave a native array to the finalizer every step
                throw new ArgumentException($"{model} expects input {expected.ToBatchString()} but got {Shape.Format(input.shape)}.", nameof(input));
        }

        /// <summary>
        /// Checks that <paramref name="input"/> holds int64 token ids [batch, time] fitting <paramref name="expected"/>
        /// (rank 2 and, when known, the time length).
        /// </summary>
        /// <exception cref="ArgumentException">It does not; the message names the model, the expected and the actual
        /// type and shape.</exception>
        public static void CheckTokenInput(Tensor input, string model, Shape expected)
        {
            if (input is null) throw new ArgumentNullException(nameof(input), $"{model} needs int64 token ids {expected.ToBatchString()}.");
            if (input.dtype != ScalarType.Int64)
                throw new ArgumentException(
                    $"{model} expects int64 token ids {expected.ToBatchString()} but got {input.dtype} {Shape.Format(input.shape)}.", nameof(input));
            if (!expected.MatchesSizesOf(input))
                throw new ArgumentException($"{model} expects token ids {expected.ToBatchString()} but got {Shape.Format(input.shape)}.", nameof(input));
        }

        /// <summary>
        /// Continues <paramref name="prompt"/> with up to <paramref name="maxNewTokens"/> tokens of the language model
        /// <paramref name="model"/> (generated <c>Generate</c> methods call it): the prompt runs once, then each token is
        /// one step from the carried state.
        /// </summary>
        /// <param name="model">A language model, whose output scores <paramref name="vocabulary"/> tokens at each step.</param>
        /// <param name="prompt">At least one token id in [0, <paramref name="vocabulary"/>).</param>
        /// <param name="maxNewTokens">The most tokens to add, 0 or more.</param>
        /// <param name="sampling">How each token is picked.</param>
        /// <param name="endToken">The token that ends the text (returned as its last token), or null.</param>
        /// <param name="vocabulary">The model's vocabulary, known at compile time.</param>
        /// <returns>The new tokens.</returns>
        /// <exception cref="ArgumentException">An argument is invalid; the message names it.</exception>
        public static long[] Generate(RnnModel model, ReadOnlySpan<long> prompt, int maxNewTokens, Sampling sampling, long? endToken, int vocabulary) =>
            TokenGeneration.Generate(model, new[] { prompt.ToArray() }, maxNewTokens, sampling, endToken, vocabulary, "prompt")[0];

        /// <summary>Continues each of <paramref name="prompts"/>, as a batch; otherwise as the one-prompt overload.</summary>
        /// <param name="model">A language model, whose output scores <paramref name="vocabulary"/> tokens at each step.</param>
        /// <param name="prompts">One or more prompts, each of at least one token id in [0, <paramref name="vocabulary"/>); their lengths may differ.</param>
        /// <param name="maxNewTokens">The most tokens to add to each prompt, 0 or more.</param>
        /// <param name="sampling">How each token is picked.</param>
        /// <param name="endToken">The token that ends a row (returned as its last token), or null.</param>
        /// <param name="vocabulary">The model's vocabulary, known at compile time.</param>
        /// <returns>Each prompt's new tokens.</returns>
        /// <exception cref="ArgumentException">An argument is invalid; the message names it.</exception>
        public static long[][] Generate(RnnModel model, System.Collections.Generic.IReadOnlyList<long[]> prompts, int maxNewTokens, Sampling sampling, long? endToken, int vocabulary) =>
            TokenGeneration.Generate(model, prompts, maxNewTokens, sampling, endToken, vocabulary, "prompts");

        /// <summary><c>Tagger.State</c> for a nested type, else the type's name.</summary>
        private static string TypeName(Type type) => type.DeclaringType is { } outer ? outer.Name + "." + type.Name : type.Name;
    }
}
