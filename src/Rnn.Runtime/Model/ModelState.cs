using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The state of every recurrent layer of a model, in source order: the base of each generated model's nested
    /// <c>State</c> record, whose properties name the layers (<c>State.Lstm</c>, <c>State.Gru1</c>). The runtime handles
    /// any model's state through this type. Disposing it disposes every layer's tensors.
    /// </summary>
    /// <remarks>
    /// The operations that make a new state (<see cref="Detach"/>, <see cref="Select"/>) return the same generated type,
    /// and leave this one as it is: dispose it when it is no longer needed.
    /// </remarks>
    public abstract record ModelState : IDisposable
    {
        /// <summary>Each recurrent layer's state, in source order.</summary>
        public abstract IReadOnlyList<RecurrentState> Layers { get; }

        /// <summary>A state of the same generated type holding <paramref name="layers"/> (one per recurrent layer, in order).</summary>
        /// <param name="layers">The layers' states, each of the kind of the one it replaces.</param>
        protected abstract ModelState WithLayers(IReadOnlyList<RecurrentState> layers);

        /// <summary>
        /// The same values cut from the autograd graph: gradients stop here, as at the border between two pieces of a
        /// long sequence (truncated backpropagation). The new tensors share memory with these.
        /// </summary>
        /// <returns>A new state of the same generated type.</returns>
        public ModelState Detach() => WithLayers(Layers.Select(layer => layer.Detach()).ToArray());

        /// <summary>The state of the batch rows <paramref name="rows"/>, in that order (rows may repeat), e.g. to reorder a batch.</summary>
        /// <param name="rows">int64 row indices [n], on the state's device.</param>
        /// <returns>A new state of the same generated type, with batch n.</returns>
        /// <exception cref="ArgumentException"><paramref name="rows"/> is not a one-dimensional int64 tensor.</exception>
        public ModelState Select(Tensor rows)
        {
            RecurrentState.CheckRows(rows, GetType().Name);
            return WithLayers(Layers.Select(layer => layer.Select(rows)).ToArray());
        }

        /// <summary>A state of the same generated type with layer <paramref name="index"/>'s state replaced by <paramref name="layer"/>; this one is left as it is.</summary>
        internal ModelState WithLayer(int index, RecurrentState layer)
        {
            var layers = Layers.ToArray();
            layers[index] = layer;
            return WithLayers(layers);
        }

        /// <summary>Moves every tensor of the state to the dispose scope outside the one that holds it, as <c>Tensor.MoveToOuterDisposeScope</c>.</summary>
        /// <returns>This state.</returns>
        public ModelState MoveToOuterDisposeScope()
        {
            foreach (var tensor in Tensors()) tensor.MoveToOuterDisposeScope();
            return this;
        }

        /// <summary>Takes every tensor of the state out of any dispose scope, as <c>Tensor.DetachFromDisposeScope</c>: the caller disposes it.</summary>
        /// <returns>This state.</returns>
        public ModelState DetachFromDisposeScope()
        {
            foreach (var tensor in Tensors()) tensor.DetachFromDisposeScope();
            return this;
        }

        /// <summary>Disposes every layer's tensors.</summary>
        public void Dispose()
        {
            foreach (var layer in Layers) layer.Dispose();
        }

        private IEnumerable<Tensor> Tensors() => Layers.SelectMany(layer => layer.Tensors);
    }
}
