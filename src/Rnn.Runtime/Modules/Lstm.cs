using System;
using Rnn.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.utils.rnn;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>LSTM</c> (optionally <c>Bidirectional</c>) on <c>torch.nn.LSTM</c>: [batch, time, inputSize] →
    /// [batch, units] or, with <c>returnSequences</c>, [batch, time, units] (twice the units when bidirectional with
    /// <see cref="MergeMode.Concat"/>). Parameters <c>weight_ih_l0</c> [4 units, inputSize], <c>weight_hh_l0</c>
    /// [4 units, units], <c>bias_ih_l0</c>, <c>bias_hh_l0</c> [4 units] (gates i, f, g, o), plus <c>_reverse</c> when bidirectional.
    /// </summary>
    public sealed class Lstm : RecurrentLayer<LstmState>
    {
        private readonly LSTM _lstm;

        /// <summary>
        /// Creates the layer with Keras's initialisers (Glorot-uniform input kernel, orthogonal recurrent kernel per gate,
        /// zero biases with the forget-gate bias at 1).
        /// </summary>
        /// <param name="name">The layer name, e.g. <c>lstm</c>.</param>
        /// <param name="inputSize">Features per input step.</param>
        /// <param name="units">Units of each direction.</param>
        /// <param name="returnSequences">Return the whole sequence instead of each sequence's final state.</param>
        /// <param name="bidirectional">Add a backward direction.</param>
        /// <param name="mergeMode">How the two directions combine when bidirectional.</param>
        /// <param name="dropout">Fraction of input features dropped in training, in [0, 1).</param>
        /// <param name="generator">Source of the initial weights, or null for TorchSharp's global generator.</param>
        /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the dropout is outside [0, 1).</exception>
        public Lstm(string name, long inputSize, long units, bool returnSequences, bool bidirectional, MergeMode mergeMode, double dropout,
            Generator? generator)
            : base(name, "Lstm", inputSize, units, returnSequences, bidirectional, mergeMode, dropout)
        {
            _lstm = nn.LSTM(inputSize, units, numLayers: 1, bias: true, batchFirst: true, bidirectional: bidirectional);
            Initializers.Recurrent(_lstm, "", inputSize, units, gates: 4, forgetGate: 1, generator);
            if (bidirectional) Initializers.Recurrent(_lstm, "_reverse", inputSize, units, gates: 4, forgetGate: 1, generator);
            AdoptParameters();
        }

        private protected override nn.Module Recurrent => _lstm;

        /// <inheritdoc/>
        private protected override bool NeedsAutogradInInference => true;

        /// <summary>ONNX's LSTM gates are i, o, f, c; PyTorch's i, f, g, o.</summary>
        private protected override OnnxRecurrence OnnxOperator(int directions) => new("LSTM", new[] { 0, 3, 1, 2 }, Array.Empty<global::Onnx.AttributeProto>());


        private protected override bool HasCell => true;

        private protected override RecurrentState NewState(Tensor h, Tensor? c) => new LstmState(h, c!);

        private protected override (Tensor Sequence, Hidden Final) Run(Tensor input, Hidden initial)
        {
            var (sequence, h, c) = _lstm.call(input, (initial.H, initial.C!));
            return (sequence, new Hidden(h, c));
        }

        private protected override (PackedSequence Sequence, Hidden Final) Run(PackedSequence input, Hidden? initial)
        {
            var (sequence, h, c) = initial is Hidden start ? _lstm.call(input, (start.H, start.C!)) : _lstm.call(input);
            return (sequence, new Hidden(h, c));
        }
    }
}
