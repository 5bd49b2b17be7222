using System;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The recurrent state a stateful Fit (Keras <c>stateful=True</c>) carries from each batch row to the same row of the
    /// next batch: every batch runs from the state the previous batch ended in (zeros after <see cref="Reset"/>), and its
    /// final state, cut from the autograd graph, is kept for the next (truncated backpropagation: gradients stop at the
    /// batch border, the state does not). The state lives outside the steps' dispose scopes; each is disposed when the
    /// next replaces it, and the last with this object.
    /// </summary>
    internal sealed class CarriedState : IDisposable
    {
        private readonly string _name;
        private ModelState? _state;
        private long _rows = -1;

        /// <param name="name">The caller for messages, e.g. <c>TextModel.Fit</c>.</param>
        public CarriedState(string name) => _name = name;

        /// <summary>Forgets the state: the next batch starts from zeros, as each epoch and each validation does.</summary>
        public void Reset()
        {
            _state?.Dispose();
            _state = null;
        }

        /// <summary>
        /// Checks that batch <paramref name="batch"/> of <paramref name="epoch"/>, of <paramref name="rows"/> rows, holds
        /// as many rows as the first batch did: row r's state goes on in row r.
        /// </summary>
        /// <exception cref="ArgumentException">It does not.</exception>
        public void CheckRows(long rows, int epoch, int batch)
        {
            if (_rows < 0) _rows = rows;
            if (rows != _rows)
                throw new ArgumentException(
                    $"{_name}: a stateful run carries each row's state to the same row of the next batch, so every batch must hold {_rows} rows as the first did, " +
                    $"but batch {batch} of epoch {epoch} holds {rows}.", "data");
        }

        /// <summary>
        /// Runs <paramref name="model"/> on <paramref name="x"/> from the carried state, in the caller's dispose scope,
        /// and keeps the final state, detached, for the next batch (the previous one is disposed: a graph that used it
        /// holds its own reference).
        /// </summary>
        /// <returns>The output and its mask, as <see cref="RnnModel.ForwardWithMask"/> gives them.</returns>
        public (Tensor Output, Tensor? Mask) Forward(RnnModel model, Tensor x)
        {
            var (output, mask, state) = model.RunWithState(x, _state);
            var next = state.Detach().DetachFromDisposeScope();
            _state?.Dispose();
            _state = next;
            return (output, mask);
        }

        public void Dispose() => Reset();
    }
}
