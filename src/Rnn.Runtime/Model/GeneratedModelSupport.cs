using System;
using System.ComponentModel;
using Rnn.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The helpers that the code generated for <c>[RnnModel]</c> partial classes calls: seeding the weight initialisers,
    /// checking the input and moving the result out of the forward pass's dispose scope. They are public only because the
    /// generated code lives in your assembly; hand-written code has no need of them.
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
    }
}
