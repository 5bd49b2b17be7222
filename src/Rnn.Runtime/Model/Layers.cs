using System;
using System.Globalization;
using System.Linq;
using TorchSharp;
using Rnn.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Kept for models generated before the layer modules (<see cref="Rnn.Modules"/>): creates the TorchSharp modules behind
    /// the layer attributes, with Keras's default initialisers, and the small
    /// tensor operations generated <c>Forward</c> methods call.
    /// </summary>
    /// <remarks>
    /// Keras defaults: Glorot-uniform input kernels, orthogonal recurrent kernels (per gate), zero biases with the LSTM
    /// forget-gate bias at 1, Glorot-uniform Dense kernels. Weights are drawn from <c>generator</c> when given, else from
    /// TorchSharp's global generator (<c>torch.manual_seed</c>).
    /// </remarks>
    public static class Layers
    {
        /// <summary>A generator seeded with <paramref name="seed"/>, or null for TorchSharp's global generator.</summary>
        public static Generator? CreateGenerator(long? seed)
        {
            NativeSetup.EnsureLoaded();
            return seed is long s ? new Generator((ulong)s) : null;
        }

        /// <summary>A batch-first SimpleRnn: [batch, time, <paramref name="inputSize"/>] → [batch, time, <paramref name="units"/>].</summary>
        /// <exception cref="ArgumentException">The activation is not Tanh or Relu, or a size is not positive.</exception>
        public static RNN SimpleRnn(long inputSize, long units, Activation activation, Generator? generator = null)
        {
            CheckSizes(inputSize, units);
            var nonLinearity = activation switch
            {
                Activation.Tanh => nn.NonLinearities.Tanh,
                Activation.Relu => nn.NonLinearities.ReLU,
                _ => throw new ArgumentException($"SimpleRnn supports the activations Tanh and Relu, not {activation}.", nameof(activation)),
            };
            var module = nn.RNN(inputSize, units, numLayers: 1, nonLinearity: nonLinearity, bias: true, batchFirst: true);
            Initializers.Recurrent(module, "", inputSize, units, gates: 1, forgetGate: null, generator);
            return module;
        }

        /// <summary>A batch-first LSTM: [batch, time, <paramref name="inputSize"/>] → [batch, time, <paramref name="units"/>].</summary>
        public static LSTM Lstm(long inputSize, long units, Generator? generator = null)
        {
            CheckSizes(inputSize, units);
            var module = nn.LSTM(inputSize, units, numLayers: 1, bias: true, batchFirst: true);
            Initializers.Recurrent(module, "", inputSize, units, gates: 4, forgetGate: 1, generator); // gate order i, f, g, o
            return module;
        }

        /// <summary>A batch-first GRU: [batch, time, <paramref name="inputSize"/>] → [batch, time, <paramref name="units"/>].</summary>
        public static GRU Gru(long inputSize, long units, Generator? generator = null)
        {
            CheckSizes(inputSize, units);
            var module = nn.GRU(inputSize, units, numLayers: 1, bias: true, batchFirst: true);
            Initializers.Recurrent(module, "", inputSize, units, gates: 3, forgetGate: null, generator);
            return module;
        }

        /// <summary>A Dense layer acting on the last axis: [..., <paramref name="inputSize"/>] → [..., <paramref name="units"/>].</summary>
        public static Linear Dense(long inputSize, long units, Generator? generator = null)
        {
            CheckSizes(inputSize, units);
            var module = nn.Linear(inputSize, units, hasBias: true);
            Initializers.GlorotUniform(module.weight!, fanIn: inputSize, fanOut: units, generator);
            Initializers.Constant(module.bias!, 0);
            return module;
        }

        /// <summary>
        /// Moves a model's output and mask out of <paramref name="scope"/> (generated <c>ForwardWithMask</c> methods call it).
        /// Tensors the scope does not own are returned as they are: a layer may pass its input or mask straight through.
        /// </summary>
        public static (Tensor Output, Tensor? Mask) MoveOut(DisposeScope scope, Tensor output, Tensor? mask) =>
            (LayerChecks.Keep(scope, output), mask is null ? null : LayerChecks.Keep(scope, mask));

        /// <summary>The last time step of a sequence: [batch, time, features] → [batch, features].</summary>
        public static Tensor LastStep(Tensor sequence) => sequence.select(1, -1);

        /// <summary>Applies <paramref name="activation"/>; Softmax acts on the last axis, None returns the input.</summary>
        public static Tensor Activate(Tensor input, Activation activation) => activation switch
        {
            Activation.None => input,
            Activation.Tanh => input.tanh(),
            Activation.Relu => nn.functional.relu(input),
            Activation.Sigmoid => input.sigmoid(),
            Activation.Softmax => input.softmax(-1),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
        };

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

        private static void CheckSizes(long inputSize, long units)
        {
            if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "The input size must be positive.");
            if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, "The number of units must be positive.");
        }
    }
}
