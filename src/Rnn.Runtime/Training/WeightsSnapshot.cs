using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>A copy of a model's parameters and buffers (its <c>state_dict</c>), kept outside any dispose scope until disposed.</summary>
    internal sealed class WeightsSnapshot : IDisposable
    {
        private readonly Dictionary<string, Tensor> _copies;

        private WeightsSnapshot(Dictionary<string, Tensor> copies) => _copies = copies;

        public static WeightsSnapshot Capture(RnnModel model)
        {
            var copies = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            using var scope = NewDisposeScope();
            foreach (var (name, tensor) in model.state_dict())
                copies[name] = tensor.detach().clone().DetachFromDisposeScope();
            return new WeightsSnapshot(copies);
        }

        /// <summary>A snapshot holding copies of <paramref name="tensors"/> (e.g. read from a training checkpoint).</summary>
        public static WeightsSnapshot Copy(IEnumerable<(string Name, Tensor Tensor)> tensors)
        {
            var copies = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            using var scope = NewDisposeScope();
            foreach (var (name, tensor) in tensors) copies[name] = tensor.detach().clone().DetachFromDisposeScope();
            return new WeightsSnapshot(copies);
        }

        /// <summary>The saved tensors by state-dict name; owned by the snapshot.</summary>
        public IReadOnlyDictionary<string, Tensor> Tensors => _copies;

        /// <summary>Copies the saved values back into <paramref name="model"/>'s own tensors, in place.</summary>
        public void RestoreTo(RnnModel model)
        {
            using var noGrad = no_grad();
            // state_dict hands out new tensor handles to the model's storage; the scope releases them.
            using var scope = NewDisposeScope();
            foreach (var (name, tensor) in model.state_dict())
                if (_copies.TryGetValue(name, out var copy)) tensor.copy_(copy);
        }

        public void Dispose()
        {
            foreach (var copy in _copies.Values) copy.Dispose();
            _copies.Clear();
        }
    }
}
