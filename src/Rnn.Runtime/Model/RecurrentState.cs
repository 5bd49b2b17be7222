using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The state a recurrent layer carries from one time step to the next: <see cref="LstmState"/>,
    /// <see cref="GruState"/> or <see cref="SimpleRnnState"/>. Disposing it disposes its tensors.
    /// </summary>
    /// <remarks>
    /// Each tensor is [batch, units]. A bidirectional layer's tensors are [batch, 2 · units]: the forward direction's
    /// units first, then the backward direction's, as Keras concatenates them. The forward direction starts from its
    /// half at each sequence's first step and ends at its last real step; the backward direction starts from its half
    /// at each sequence's last real step and ends at its first step. A sequence without any real step (all masked, or no
    /// time steps at all) keeps its initial state unchanged.
    /// </remarks>
    /// <param name="H">The hidden state (the layer's output at its last step), [batch, units].</param>
    public abstract record RecurrentState(Tensor H) : IDisposable
    {
        /// <summary>The state's tensors: <see cref="H"/>, and the LSTM's cell state.</summary>
        internal virtual IReadOnlyList<Tensor> Tensors => new[] { H };

        /// <summary>
        /// The same values cut from the autograd graph (<c>detach</c>): gradients stop here, as at the border between two
        /// pieces of a long sequence (truncated backpropagation). The new tensors share memory with these.
        /// </summary>
        public RecurrentState Detach() => Map(t => t.detach());

        /// <summary>The state of the batch rows <paramref name="rows"/>, in that order (rows may repeat).</summary>
        /// <param name="rows">int64 row indices [n], on the state's device.</param>
        /// <exception cref="ArgumentException"><paramref name="rows"/> is not a one-dimensional int64 tensor.</exception>
        public RecurrentState Select(Tensor rows)
        {
            CheckRows(rows, GetType().Name);
            return Map(t => t.index_select(0, rows));
        }

        /// <summary>A state of the same kind whose every tensor is <paramref name="change"/> of this one's.</summary>
        private protected abstract RecurrentState Map(Func<Tensor, Tensor> change);

        /// <summary>
        /// A bidirectional layer's state [batch, 2 · <paramref name="units"/>] (forward units, then backward) as one
        /// direction's: the two halves side by side as they are for <see cref="MergeMode.Concat"/> (this state itself), or
        /// added for <see cref="MergeMode.Sum"/> [batch, units]. How a bidirectional encoder's final state starts a decoder.
        /// </summary>
        /// <exception cref="NotSupportedException">Another merge mode, which has no one-direction state.</exception>
        internal RecurrentState MergeDirections(MergeMode mode, long units) => mode switch
        {
            MergeMode.Concat => this,
            MergeMode.Sum => Map(t => SumHalves(t, units)),
            _ => throw new NotSupportedException($"A bidirectional state merged with MergeMode.{mode} cannot start one direction's layer; use Concat or Sum."),
        };

        /// <summary>[batch, 2 · units] → the two halves added, [batch, units] (with a disposed Scalar: <c>+</c> leaves one to the finalizer).</summary>
        private static Tensor SumHalves(Tensor state, long units)
        {
            using var one = 1.ToScalar();
            return state.narrow(1, 0, units).add(state.narrow(1, units, units), one);
        }

        /// <summary>Disposes the state's tensors.</summary>
        public void Dispose()
        {
            foreach (var tensor in Tensors) tensor?.Dispose();
        }

        /// <summary>Throws unless <paramref name="rows"/> is a one-dimensional int64 tensor of row indices.</summary>
        internal static void CheckRows(Tensor rows, string owner)
        {
            if (rows is null) throw new ArgumentNullException(nameof(rows), $"{owner}.Select needs int64 row indices [n].");
            if (rows.dtype != ScalarType.Int64 || rows.dim() != 1)
                throw new ArgumentException($"{owner}.Select expects int64 row indices [n] but got {rows.dtype} {Shape.Format(rows.shape)}.", nameof(rows));
        }
    }
}
