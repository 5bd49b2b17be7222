using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's default initialisers, drawn from a <see cref="Generator"/> when given, else from TorchSharp's global one.
    /// Every method works in place on existing parameters, without autograd, and frees its temporaries.
    /// </summary>
    internal static class Initializers
    {
        /// <summary>
        /// A new, uninitialised float32 parameter of <paramref name="shape"/>, owned by its module rather than by any dispose
        /// scope that happens to be open while the model is built.
        /// </summary>
        public static Parameter NewParameter(params long[] shape) =>
            (Parameter)new Parameter(empty(shape, dtype: ScalarType.Float32)).DetachFromDisposeScope();

        /// <summary>Glorot (Xavier) uniform: U(-√(6 / (fanIn + fanOut)), +√(6 / (fanIn + fanOut))).</summary>
        public static void GlorotUniform(Tensor weight, long fanIn, long fanOut, Generator? generator)
        {
            double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
            using (NewDisposeScope()) // frees the wrapper uniform_() returns; the parameter predates the scope
            using (no_grad())
                weight.uniform_(-limit, limit, generator);
        }

        /// <summary>Uniform U(<paramref name="low"/>, <paramref name="high"/>), Keras's Embedding default with ±0.05.</summary>
        public static void Uniform(Tensor weight, double low, double high, Generator? generator)
        {
            using (NewDisposeScope())
            using (no_grad())
                weight.uniform_(low, high, generator);
        }

        /// <summary>Sets every element to <paramref name="value"/> (zeros for biases, ones for scales).</summary>
        public static void Constant(Tensor weight, double value)
        {
            using (NewDisposeScope())
            using (no_grad())
                weight.fill_(value);
        }

        /// <summary>
        /// Keras's recurrent defaults on a PyTorch-layout recurrent module (gates stacked along the rows): Glorot-uniform
        /// input kernel, orthogonal recurrent kernel per gate, zero biases, and the LSTM forget-gate bias at 1.
        /// <paramref name="suffix"/> is "" for the forward direction and "_reverse" for the backward one.
        /// </summary>
        public static void Recurrent(nn.Module module, string suffix, long inputSize, long units, int gates, int? forgetGate, Generator? generator)
        {
            var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            // Frees the narrow views and the wrappers zero_() returns; the parameters predate the scope and survive.
            using (NewDisposeScope())
            using (no_grad())
            {
                parameters["weight_ih_l0" + suffix].uniform_(-Limit(inputSize, gates * units), Limit(inputSize, gates * units), generator);
                var recurrent = parameters["weight_hh_l0" + suffix];
                for (int g = 0; g < gates; g++)
                    Orthogonal(recurrent.narrow(0, g * units, units), generator);
                parameters["bias_ih_l0" + suffix].zero_();
                parameters["bias_hh_l0" + suffix].zero_();
                if (forgetGate is int f) parameters["bias_ih_l0" + suffix].narrow(0, f * units, units).fill_(1.0);
            }
        }

        private static double Limit(long fanIn, long fanOut) => Math.Sqrt(6.0 / (fanIn + fanOut));

        /// <summary>An orthogonal matrix (Q of the QR decomposition of a normal sample, signs fixed as Keras does).</summary>
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
