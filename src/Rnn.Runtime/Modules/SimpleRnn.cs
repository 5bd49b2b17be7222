using System;
using Rnn.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.utils.rnn;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>SimpleRNN</c> (optionally <c>Bidirectional</c>) on <c>torch.nn.RNN</c>: [batch, time, inputSize] →
    /// [batch, units] or, with <c>returnSequences</c>, [batch, time, units] (twice the units when bidirectional with
    /// <see cref="MergeMode.Concat"/>). Parameters <c>weight_ih_l0</c> [units, inputSize], <c>weight_hh_l0</c>
    /// [units, units], <c>bias_ih_l0</c>, <c>bias_hh_l0</c> [units], plus <c>_reverse</c> when bidirectional.
    /// </summary>
    public sealed class SimpleRnn : RecurrentLayer<SimpleRnnState>
    {
        private readonly RNN _rnn;

        /// <summary>Creates the layer with Keras's initialisers (Glorot-uniform input kernel, orthogonal recurrent kernel, zero biases).</summary>
        /// <param name="name">The layer name, e.g. <c>simple_rnn</c>.</param>
        /// <param name="inputSize">Features per input step.</param>
        /// <param name="units">Units of each direction.</param>
        /// <param name="activation"><see cref="Activation.Tanh"/> or <see cref="Activation.Relu"/>.</param>
        /// <param name="returnSequences">Return the whole sequence instead of each sequence's final state.</param>
        /// <param name="bidirectional">Add a backward direction.</param>
        /// <param name="mergeMode">How the two directions combine when bidirectional.</param>
        /// <param name="dropout">Fraction of input features dropped in training, in [0, 1).</param>
        /// <param name="generator">Source of the initial weights, or null for TorchSharp's global generator.</param>
        /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the dropout is outside [0, 1).</exception>
        /// <exception cref="ArgumentException">The activation is not Tanh or Relu.</exception>
        public SimpleRnn(string name, long inputSize, long units, Activation activation, bool returnSequences, bool bidirectional,
            MergeMode mergeMode, double dropout, Generator? generator)
            : base(name, "SimpleRnn", inputSize, units, returnSequences, bidirectional, mergeMode, dropout)
        {
            var nonLinearity = activation switch
            {
                Activation.Tanh => nn.NonLinearities.Tanh,
                Activation.Relu => nn.NonLinearities.ReLU,
                _ => throw new ArgumentException($"{name} (SimpleRnn) supports the activations Tanh and Relu, not {activation}.", nameof(activation)),
            };
            Activation = activation;
            _rnn = nn.RNN(inputSize, units, numLayers: 1, nonLinearity: nonLinearity, bias: true, batchFirst: true, bidirectional: bidirectional);
            Initializers.Recurrent(_rnn, "", inputSize, units, gates: 1, forgetGate: null, generator);
            if (bidirectional) Initializers.Recurrent(_rnn, "_reverse", inputSize, units, gates: 1, forgetGate: null, generator);
            AdoptParameters();
        }

        /// <summary>The recurrent activation: Tanh or Relu.</summary>
        public Activation Activation { get; }

        private protected override nn.Module Recurrent => _rnn;

        private protected override OnnxRecurrence OnnxOperator(int directions) =>
            new("RNN", new[] { 0 }, new[] { OnnxGraphBuilder.Strings("activations", System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Repeat(Activation == Activation.Relu ? "Relu" : "Tanh", directions))) });

        private protected override RecurrentState NewState(Tensor h, Tensor? c) => new SimpleRnnState(h);

        private protected override (Tensor Sequence, Hidden Final) Run(Tensor input, Hidden initial)
        {
            var (sequence, h) = _rnn.call(input, initial.H);
            return (sequence, new Hidden(h, null));
        }

        private protected override (PackedSequence Sequence, Hidden Final) Run(PackedSequence input, Hidden? initial)
        {
            var (sequence, h) = _rnn.call(input, initial?.H);
            return (sequence, new Hidden(h, null));
        }
    }
}
