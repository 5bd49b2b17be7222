using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The state of an <c>[Lstm]</c> layer: the hidden state <see cref="RecurrentState.H"/> and the cell state
    /// <see cref="C"/>, each [batch, units] ([batch, 2 · units] when bidirectional: forward units, then backward).
    /// </summary>
    /// <param name="H">The hidden state, [batch, units].</param>
    /// <param name="C">The cell state, [batch, units].</param>
    public sealed record LstmState(Tensor H, Tensor C) : RecurrentState(H)
    {
        internal override IReadOnlyList<Tensor> Tensors => new[] { H, C };

        private protected override RecurrentState Map(Func<Tensor, Tensor> change) => new LstmState(change(H), change(C));
    }
}
