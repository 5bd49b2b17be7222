using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using static TorchSharp.torch;

namespace Rnn.IO
{
    /// <summary>
    /// The named tensors a training checkpoint is written from: live tensors of the model and optimizer (borrowed), and
    /// the numbers, texts and generator states turned into tensors here (owned, disposed with this object).
    /// </summary>
    internal sealed class CheckpointContent : IDisposable
    {
        private readonly List<(string Name, Tensor Tensor)> _entries = new();
        private readonly List<Tensor> _owned = new();

        /// <summary>Every entry, in the order added.</summary>
        public IReadOnlyList<(string Name, Tensor Tensor)> Entries => _entries;

        /// <summary>Adds a tensor that stays owned by its owner (a weight, an optimizer state).</summary>
        public void AddBorrowed(string name, Tensor tensor) => _entries.Add((name, tensor));

        /// <summary>Adds a tensor this content owns and disposes, e.g. a generator state.</summary>
        public void AddOwned(string name, Tensor tensor)
        {
            _owned.Add(tensor.DetachFromDisposeScope());
            _entries.Add((name, tensor));
        }

        /// <summary>Adds an integer, stored as a 0-dimensional Int64 tensor.</summary>
        public void Add(string name, long value) => AddOwned(name, tensor(value));

        /// <summary>Adds a number, stored as a 0-dimensional Float64 tensor (bit-exact).</summary>
        public void Add(string name, double value) => AddOwned(name, tensor(value));

        /// <summary>Adds integers, stored as an Int64 vector.</summary>
        public void Add(string name, IEnumerable<long> values) => AddOwned(name, tensor(values.ToArray(), ScalarType.Int64));

        /// <summary>Adds numbers, stored as a Float64 vector (bit-exact).</summary>
        public void Add(string name, IEnumerable<double> values) => AddOwned(name, tensor(values.ToArray(), ScalarType.Float64));

        /// <summary>Adds a text, stored as its UTF-8 bytes (a Byte vector).</summary>
        public void Add(string name, string text) => AddOwned(name, tensor(Encoding.UTF8.GetBytes(text), ScalarType.Byte));

        /// <summary>Disposes the tensors this content owns.</summary>
        public void Dispose()
        {
            foreach (var tensor in _owned) tensor.Dispose();
            _owned.Clear();
            _entries.Clear();
        }
    }
}
