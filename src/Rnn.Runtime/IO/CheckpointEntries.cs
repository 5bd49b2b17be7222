using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using static TorchSharp.torch;

namespace Rnn.IO
{
    /// <summary>
    /// The entries of a training checkpoint that was read and checked as a file, looked up by name with their
    /// expected type and shape. Every problem throws an <see cref="InvalidDataException"/> that names the file and the
    /// entry. Tensors built from the entries are owned here and disposed with this object.
    /// </summary>
    internal sealed class CheckpointEntries : IDisposable
    {
        private readonly Dictionary<string, StoredTensor> _byName;
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);
        private readonly List<IDisposable> _owned = new();

        public CheckpointEntries(string path, IReadOnlyList<StoredTensor> stored)
        {
            Path = path;
            _byName = StoredTensorCopy.ByName(stored, name => Invalid($"is corrupt: it holds the entry '{name}' twice"));
        }

        /// <summary>The checkpoint file.</summary>
        public string Path { get; }

        /// <summary>Whether the file holds entry <paramref name="name"/>.</summary>
        public bool Has(string name) => _byName.ContainsKey(name);

        /// <summary>Entry <paramref name="name"/>, which must exist with element type <paramref name="type"/> and <paramref name="rank"/> dimensions.</summary>
        public StoredTensor Get(string name, ScalarType type, int rank)
        {
            if (!_byName.TryGetValue(name, out var stored))
                throw Invalid($"is not a complete training checkpoint: it has no entry '{name}'");
            if (stored.Type != type || stored.Shape.Length != rank)
                throw Invalid($"is corrupt: entry '{name}' is {stored.Describe()}, but should be {(rank == 0 ? "a single" : "a vector of")} {type}");
            _used.Add(name);
            return stored;
        }

        /// <summary>An integer entry.</summary>
        public long Long(string name) => BinaryPrimitives.ReadInt64LittleEndian(Get(name, ScalarType.Int64, 0).Data);

        /// <summary>A number entry, bit-exact.</summary>
        public double Double(string name) => BinaryPrimitives.ReadDoubleLittleEndian(Get(name, ScalarType.Float64, 0).Data);

        /// <summary>An integer vector entry.</summary>
        public long[] Longs(string name)
        {
            var data = Get(name, ScalarType.Int64, 1).Data;
            return Enumerable.Range(0, data.Count / 8).Select(i => BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(i * 8, 8))).ToArray();
        }

        /// <summary>A number vector entry, bit-exact.</summary>
        public double[] Doubles(string name)
        {
            var data = Get(name, ScalarType.Float64, 1).Data;
            return Enumerable.Range(0, data.Count / 8).Select(i => BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(i * 8, 8))).ToArray();
        }

        /// <summary>A text entry (UTF-8 bytes).</summary>
        public string Text(string name) => Encoding.UTF8.GetString(Get(name, ScalarType.Byte, 1).Data);

        /// <summary>The names of the entries under <paramref name="prefix"/>, in file order.</summary>
        public IReadOnlyList<string> NamesUnder(string prefix) => _byName.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();

        /// <summary>
        /// Pairs each of <paramref name="targets"/> with the entry <paramref name="prefix"/> + its name, which must have
        /// the target's type and shape (<see cref="StoredTensorCopy.Match"/>); entries under the prefix that no target has
        /// are an error too. <paramref name="owner"/> says whose tensors these are, e.g. <c>the model</c>. The copy is
        /// owned here.
        /// </summary>
        public StoredTensorCopy Match(string prefix, IReadOnlyDictionary<string, Tensor> targets, string owner)
        {
            var copy = StoredTensorCopy.Match(_byName, prefix, targets, owner, Mismatch);
            _owned.Add(copy);
            _used.UnionWith(copy.StoredNames);
            return copy;
        }

        /// <summary>A tensor holding entry <paramref name="stored"/>'s values, owned here.</summary>
        public Tensor Build(StoredTensor stored)
        {
            _used.Add(stored.Name);
            var built = stored.ToTensor().DetachFromDisposeScope();
            _owned.Add(built);
            return built;
        }

        /// <summary>Throws if the file holds an entry nothing read: it was written for a different training.</summary>
        public void RequireAllUsed()
        {
            var extra = _byName.Keys.FirstOrDefault(n => !_used.Contains(n));
            if (extra is not null) throw Mismatch($"it holds the entry '{extra}' ({_byName[extra].Describe()}), which this training has no use for");
        }

        /// <summary>A problem with the file itself.</summary>
        public InvalidDataException Invalid(FormattableString problem) =>
            FileProblem.Invalid(Path, problem.ToString(CultureInfo.InvariantCulture), noun: "training checkpoint");

        /// <summary>A difference between the checkpoint and the model, optimizer or Fit resuming from it.</summary>
        public InvalidDataException Mismatch(string difference) =>
            Invalid($"does not fit this training: {difference}. Delete the checkpoint to start training afresh");

        /// <summary>Disposes the tensors built from the entries and the copies matched.</summary>
        public void Dispose()
        {
            foreach (var owned in _owned) owned.Dispose();
            _owned.Clear();
        }
    }
}
