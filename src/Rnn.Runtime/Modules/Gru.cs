using System;
using Rnn.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.utils.rnn;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>GRU</c> (optionally <c>Bidirectional</c>) on <c>torch.nn.GRU</c>: [batch, time, inputSize] →
    /// [batch, units] or, with <c>returnSequences</c>, [batch, time, units] (twice the units when bidirectional with
    /// <see cref="MergeMode.Concat"/>). Parameters <c>weight_ih_l0</c> [3 units, inputSize], <c>weight_hh_l0</c>
    /// [3 units, units], <c>bias_ih_l0</c>, <c>bias_hh_l0</c> [3 units] (gates r, z, n), plus <c>_reverse</c> when bidirectional.
    /// </summary>
    /// <remarks>PyTorch's GRU applies the reset gate after the recurrent matmul, as Keras's <c>reset_after=True</c> (its default).</remarks>
    public sealed class Gru : RecurrentLayer<GruState>
    {
        private readonly GRU _gru;

        /// <summary>Creates the layer with Keras's initialisers (Glorot-uniform input kernel, orthogonal recurrent kernel per gate, zero biases).</summary>
        /// <param name="name">The layer name, e.g. <c>gru</c>.</param>
        /// <param name="inputSize">Features per input step.</param>
        /// <param name="units">Units of each direction.</param>
        /// <param name="returnSequences">Return the whole sequence instead of each sequence's final state.</param>
        /// <param name="bidirectional">Add a backward direction.</param>
        /// <param name="mergeMode">How the two directions combine when bidirectional.</param>
        /// <param name="dropout">Fraction of input features dropped in training, in [0, 1).</param>
        /// <param name="generator">Source of the initial weights, or null for TorchSharp's global generator.</param>
        /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the dropout is outside [0, 1).</exception>
        public Gru(string name, long inputSize, long units, bool returnSequences, bool bidirectional, MergeMode mergeMode, double dropout,
            Generator? generator)
            : base(name, "Gru", inputSize, units, returnSequences, bidirectional, mergeMode, dropout)
        {
            _gru = nn.GRU(inputSize, units, numLayers: 1, bias: true, batchFirst: true, bidirectional: bidirectional);
            Initializers.Recurrent(_gru, "", inputSize, units, gates: 3, forgetGate: null, generator);
            if (bidirectional) Initializers.Recurrent(_gru, "_reverse", inputSize, units, gates: 3, forgetGate: null, generator);
            AdoptParameters();
        }

        private protected override nn.Module Recurrent => _gru;

        /// <summary>ONNX's GRU gates are z, r, h; PyTorch's r, z, n, with the reset gate applied after the recurrent matmul (linear_before_reset = 1).</summary>
        private protected override OnnxRecurrence OnnxOperator(int directions) =>
            new("GRU", new[] { 1, 0, 2 }, new[] { OnnxGraphBuilder.Int("linear_before_reset", 1) });

        private protected override RecurrentState NewState(Tensor h, Tensor? c) => new GruState(h);

        private protected override (Tensor Sequence, Hidden Final) Run(Tensor input, Hidden initial)
        {
            var (sequence, h) = _gru.call(input, initial.H);
            return (sequence, new Hidden(h, null));
        }

        private protected override (PackedSequence Sequence, Hidden Final) Run(PackedSequence input, Hidden? initial)
        {
            var (sequence, h) = _gru.call(input, initial?.H);
            return (sequence, new Hidden(h, null));
        }
    }
}
