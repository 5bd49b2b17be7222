using System;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The state of a <c>[Gru]</c> layer: the hidden state <see cref="RecurrentState.H"/>, [batch, units]
    /// ([batch, 2 · units] when bidirectional: forward units, then backward).
    /// </summary>
    /// <param name="H">The hidden state, [batch, units].</param>
    public sealed record GruState(Tensor H) : RecurrentState(H)
    {
        private protected override RecurrentState Map(Func<Tensor, Tensor> change) => new GruState(change(H));
    }
}
