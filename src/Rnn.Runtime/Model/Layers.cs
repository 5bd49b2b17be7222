using System;
using System.Globalization;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Creates the TorchSharp modules behind the layer attributes, with Keras's default initialisers, and the small
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
            InitRecurrent(module, inputSize, units, gates: 1, forgetGate: null, generator);
            return module;
        }

        /// <summary>A batch-first LSTM: [batch, time, <paramref name="inputSize"/>] → [batch, time, <paramref name="units"/>].</summary>
        public static LSTM Lstm(long inputSize, long units, Generator? generator = null)
        {
            CheckSizes(inputSize, units);
            var module = nn.LSTM(inputSize, units, numLayers: 1, bias: true, batchFirst: true);
            InitRecurrent(module, inputSize, units, gates: 4, forgetGate: 1, generator); // gate order i, f, g, o
            return module;
        }

        /// <summary>A batch-first GRU: [batch, time, <paramref name="inputSize"/>] → [batch, time, <paramref name="units"/>].</summary>
        public static GRU Gru(long inputSize, long units, Generator? generator = null)
        {
            CheckSizes(inputSize, units);
            var module = nn.GRU(inputSize, units, numLayers: 1, bias: true, batchFirst: true);
            InitRecurrent(module, inputSize, units, gates: 3, forgetGate: null, generator);
            return module;
        }

        /// <summary>A Dense layer acting on the last axis: [..., <paramref name="inputSize"/>] → [..., <paramref name="units"/>].</summary>
        public static Linear Dense(long inputSize, long units, Generator? generator = null)
        {
            CheckSizes(inputSize, units);
            var module = nn.Linear(inputSize, units, hasBias: true);
            using (NewDisposeScope()) // frees the wrapper zero_() returns; the parameters predate the scope and survive
            using (no_grad())
            {
                GlorotUniform(module.weight!, fanIn: inputSize, fanOut: units, generator);
                module.bias!.zero_();
            }
            return module;
        }

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
            long[] shape = input.shape;
            if (input.dtype != ScalarType.Float32)
                throw new ArgumentException(
                    $"{model} expects float32 input {expected.ToBatchString()} but got {input.dtype} {Shape.Format(shape)}.", nameof(input));
            if (!expected.Matches(shape))
                throw new ArgumentException($"{model} expects input {expected.ToBatchString()} but got {Shape.Format(shape)}.", nameof(input));
        }

        private static void CheckSizes(long inputSize, long units)
        {
            if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "The input size must be positive.");
            if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, "The number of units must be positive.");
        }

        private static void InitRecurrent(nn.Module module, long inputSize, long units, int gates, int? forgetGate, Generator? generator)
        {
            var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            // Frees the narrow views and the wrappers zero_() returns; the parameters predate the scope and survive.
            using (NewDisposeScope())
            using (no_grad())
            {
                GlorotUniform(parameters["weight_ih_l0"], fanIn: inputSize, fanOut: gates * units, generator);
                var recurrent = parameters["weight_hh_l0"];
                for (int g = 0; g < gates; g++)
                    Orthogonal(recurrent.narrow(0, g * units, units), generator);
                parameters["bias_ih_l0"].zero_();
                parameters["bias_hh_l0"].zero_();
                if (forgetGate is int f) parameters["bias_ih_l0"].narrow(0, f * units, units).fill_(1.0);
            }
        }

        private static void GlorotUniform(Tensor weight, long fanIn, long fanOut, Generator? generator)
        {
            double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
            weight.uniform_(-limit, limit, generator);
        }

        private static void Orthogonal(Tensor square, Generator? generator)
        {
            using var scope = NewDisposeScope();
            long n = square.shape[0];
            var random = randn(new[] { n, square.shape[1] }, generator: generator);
            var (q, r) = linalg.qr(random);
            q.mul_(r.diagonal().sign().unsqueeze(0)); // make the decomposition unique, as Keras does
            square.copy_(q);
        }
    }
}
