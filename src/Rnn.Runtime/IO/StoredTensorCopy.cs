using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.IO
{
    /// <summary>
    /// Stored tensors matched by name with live tensors (a model's weights, an optimizer's state, a snapshot of
    /// weights) and checked in full before any value is written, so that <see cref="Apply"/> either puts every value in
    /// place or is never reached. The one matcher and copier of <see cref="RnnModel.LoadWeights"/> and of training
    /// checkpoints. Values go straight from the file's bytes into the targets: one copy.
    /// </summary>
    internal sealed class StoredTensorCopy : IDisposable
    {
        private readonly List<(string Name, StoredTensor Source, Tensor? Staged)> _pairs;

        private StoredTensorCopy(List<(string Name, StoredTensor Source, Tensor? Staged)> pairs) => _pairs = pairs;

        /// <summary>The stored tensors by name, in file order; a name stored twice throws <paramref name="duplicate"/>(name).</summary>
        public static Dictionary<string, StoredTensor> ByName(IEnumerable<StoredTensor> stored, Func<string, Exception> duplicate)
        {
            var byName = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
            foreach (var tensor in stored)
            {
                if (!byName.TryAdd(tensor.Name, tensor)) throw duplicate(tensor.Name);
            }
            return byName;
        }

        /// <summary>
        /// Pairs each of <paramref name="targets"/> (in their order) with the stored tensor <paramref name="prefix"/> + its
        /// name, which must have the target's element type and shape; a stored tensor under the prefix that no target has
        /// is an error too. The first difference throws <paramref name="mismatch"/>(difference), the difference being e.g.
        /// <c>tensor 'model/dense.weight' of the model: expected [10, 32] Float32, found [10, 16] Float32</c> (without
        /// <c> of …</c> when <paramref name="owner"/> is null). Targets that are not contiguous on the CPU get their values
        /// staged in a tensor now, so that <see cref="Apply"/> cannot fail halfway.
        /// </summary>
        public static StoredTensorCopy Match(IReadOnlyDictionary<string, StoredTensor> stored, string prefix,
            IReadOnlyDictionary<string, Tensor> targets, string? owner, Func<string, Exception> mismatch)
        {
            string Label(string name) => owner is null ? $"tensor '{name}'" : $"tensor '{name}' of {owner}";
            var pairs = new List<(string, StoredTensor, Tensor?)>();
            var copy = new StoredTensorCopy(pairs);
            try
            {
                foreach (var (name, target) in targets)
                {
                    if (!stored.TryGetValue(prefix + name, out var source))
                        throw mismatch($"{Label(prefix + name)}: expected {Describe(target)}, found no such tensor in the file");
                    if (!Fits(source, target))
                        throw mismatch($"{Label(prefix + name)}: expected {Describe(target)}, found {source.Describe()}");
                    bool direct = target.device_type == DeviceType.CPU && target.is_contiguous();
                    pairs.Add((name, source, direct ? null : source.ToTensor().DetachFromDisposeScope()));
                }
                var extra = stored.Values.FirstOrDefault(s => s.Name.StartsWith(prefix, StringComparison.Ordinal) && !targets.ContainsKey(s.Name[prefix.Length..]));
                if (extra is not null)
                    throw mismatch($"{Label(extra.Name)}: expected no such tensor, found {extra.Describe()}");
                return copy;
            }
            catch
            {
                copy.Dispose();
                throw;
            }
        }

        /// <summary>The full stored names of the matched tensors.</summary>
        public IEnumerable<string> StoredNames => _pairs.Select(p => p.Source.Name);

        /// <summary>
        /// Writes every matched value into its target in <paramref name="targets"/>: the tensors that were matched, or
        /// tensors of the same names laid out like them (same device, contiguous where they were).
        /// </summary>
        public void Apply(IReadOnlyDictionary<string, Tensor> targets)
        {
            using var noGrad = no_grad();
            foreach (var (name, source, staged) in _pairs)
            {
                var target = targets[name];
                if (staged is not null) target.copy_(staged);
                else if (source.Data.Count > 0) target.bytes = source.Data;
            }
        }

        /// <summary>Releases the staged values.</summary>
        public void Dispose()
        {
            foreach (var (_, _, staged) in _pairs) staged?.Dispose();
            _pairs.Clear();
        }

        /// <summary>Whether <paramref name="source"/> has <paramref name="target"/>'s element type and shape (read with size(d): shape leaves an object to the finalizer).</summary>
        private static bool Fits(StoredTensor source, Tensor target)
        {
            if (source.Type != target.dtype || source.Shape.Length != target.Dimensions) return false;
            for (int d = 0; d < source.Shape.Length; d++)
            {
                if (source.Shape[d] != target.size(d)) return false;
            }
            return true;
        }

        private static string Describe(Tensor target) => StoredTensor.Describe(target.shape, target.dtype);
    }
}
