using System;
using Rnn.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>Dropout</c>: in training (<c>train()</c>), zeroes each element with probability <see cref="Rate"/> and
    /// scales the rest by 1 / (1 − rate); in evaluation it returns its input. Passes the mask through.
    /// </summary>
    public sealed class Dropout : Layer
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="name">The layer name, e.g. <c>dropout</c>.</param>
        /// <param name="rate">Fraction dropped in training, in [0, 1).</param>
        /// <exception cref="ArgumentOutOfRangeException">The rate is outside [0, 1).</exception>
        public Dropout(string name, double rate) : base(name)
        {
            Rate = LayerChecks.Rate(rate, $"{name} (Dropout)", nameof(rate));
        }

        /// <summary>Fraction dropped in training.</summary>
        public double Rate { get; }

        /// <summary>Drops elements in training; returns <paramref name="input"/> itself in evaluation.</summary>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            if (!training || Rate == 0) return new LayerOutput(input, mask);
            using var scope = NewDisposeScope();
            var output = nn.functional.dropout(input, Rate, training: true);
            return new LayerOutput(LayerChecks.Keep(scope, output), mask);
        }

        /// <summary>Exports nothing: at inference Dropout is the identity.</summary>
        internal override OnnxFlow ExportOnnx(OnnxGraphBuilder graph, OnnxFlow input) => input;
    }
}
