using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// A copy of a model's parameters and buffers (its <c>state_dict</c>), kept outside any dispose scope until disposed.
    /// Its tensors are allocated once, like the model's (shape, type, device, layout), and overwritten in place by each
    /// <see cref="CaptureFrom"/>, so that taking a snapshot again creates no tensor and leaves nothing for the finalizer.
    /// </summary>
    internal sealed class WeightsSnapshot : IDisposable
    {
        private readonly Dictionary<string, Tensor> _copies;

        private WeightsSnapshot(Dictionary<string, Tensor> copies) => _copies = copies;

        /// <summary>A snapshot with room for <paramref name="model"/>'s weights; its values are undefined until written.</summary>
        public static WeightsSnapshot For(RnnModel model)
        {
            var copies = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            using var scope = NewDisposeScope();
            foreach (var (name, tensor) in model.state_dict())
                copies[name] = empty_like(tensor).DetachFromDisposeScope();
            return new WeightsSnapshot(copies);
        }

        /// <summary>The saved tensors by state-dict name; owned by the snapshot.</summary>
        public IReadOnlyDictionary<string, Tensor> Tensors => _copies;

        /// <summary>Copies <paramref name="model"/>'s current values into the snapshot, in place.</summary>
        public void CaptureFrom(RnnModel model) => Copy(model, intoModel: false);

        /// <summary>Copies the saved values back into <paramref name="model"/>'s own tensors, in place.</summary>
        public void RestoreTo(RnnModel model) => Copy(model, intoModel: true);

        private void Copy(RnnModel model, bool intoModel)
        {
            using var noGrad = no_grad();
            // state_dict hands out the model's tensors; any handle made on the way is released by the scope.
            using var scope = NewDisposeScope();
            foreach (var (name, tensor) in model.state_dict())
            {
                if (!_copies.TryGetValue(name, out var copy)) continue;
                if (intoModel) tensor.copy_(copy);
                else copy.copy_(tensor);
            }
        }

        /// <summary>Releases the saved tensors.</summary>
        public void Dispose()
        {
            foreach (var copy in _copies.Values) copy.Dispose();
            _copies.Clear();
        }
    }
}
