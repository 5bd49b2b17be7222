using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rnn.IO;
using static TorchSharp.torch;

namespace Rnn
{
    public abstract partial class RnnModel
    {
        /// <summary>The model type a weights file records: the full name of the generated class.</summary>
        private string WeightsTypeName => GetType().FullName ?? GetType().Name;

        /// <summary>
        /// Saves every weight of the model (its <c>state_dict()</c>: parameters and buffers) to <paramref name="path"/>
        /// in Rnn's weights format, with checksums. The file is written to a temporary file and then moved into place,
        /// so a crash leaves the previous file intact; temporary files that an earlier, interrupted save of the same
        /// path left behind are removed.
        /// </summary>
        /// <param name="path">The file to write; its folder is created if needed. Any extension except <c>.pt</c> and
        /// <c>.safetensors</c>, which are reserved for the PyTorch formats.</param>
        /// <exception cref="ArgumentException">The path is empty.</exception>
        /// <exception cref="NotSupportedException">The path ends in <c>.pt</c> or <c>.safetensors</c>.</exception>
        public void SaveWeights(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            RejectPyTorchFormat(path);
            NativeSetup.EnsureLoaded();
            var tensors = state_dict().Select(entry => (entry.Key, entry.Value)).ToList();
            AtomicFile.WriteStream(path, stream => WeightsFile.Write(stream, WeightsTypeName, tensors));
        }

        /// <summary>
        /// Loads weights saved by <see cref="SaveWeights"/>. The whole file is checked before anything is copied: its
        /// format and checksums, the model type, and the name, shape and element type of every tensor. If anything
        /// differs, the model is left unchanged and the exception names the file and the first tensor that differs,
        /// with the expected and the found shape.
        /// </summary>
        /// <param name="path">A file written by <see cref="SaveWeights"/>.</param>
        /// <exception cref="ArgumentException">The path is empty.</exception>
        /// <exception cref="NotSupportedException">The path ends in <c>.pt</c> or <c>.safetensors</c>.</exception>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is not a weights file, is truncated, has trailing bytes, is
        /// corrupt, holds another model type's weights, or a tensor is missing, extra, or of another shape or type.</exception>
        public void LoadWeights(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            RejectPyTorchFormat(path);
            NativeSetup.EnsureLoaded();
            var (modelType, stored) = WeightsFile.Read(path);
            if (modelType != WeightsTypeName)
                throw new InvalidDataException(
                    $"The weights file '{path}' holds the weights of a different model type, '{modelType}', not of '{WeightsTypeName}'.");
            var targets = state_dict();
            var pairs = Match(path, targets, stored);
            using var scope = NewDisposeScope();
            // Every source tensor is built before the first copy, so nothing can fail halfway through the copies.
            var sources = pairs.Select(p => FromStored(p.Source)).ToList();
            using (no_grad())
            {
                for (int i = 0; i < pairs.Count; i++) pairs[i].Target.copy_(sources[i]);
            }
        }

        /// <summary>Pairs each of the model's tensors with the stored one of the same name, or throws naming the first that differs.</summary>
        private static List<(Tensor Target, StoredTensor Source)> Match(string path, Dictionary<string, Tensor> targets, IReadOnlyList<StoredTensor> stored)
        {
            var byName = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
            foreach (var tensor in stored)
            {
                if (!byName.TryAdd(tensor.Name, tensor))
                    throw new InvalidDataException($"The weights file '{path}' is corrupt: it holds the tensor '{tensor.Name}' twice.");
            }
            var pairs = new List<(Tensor, StoredTensor)>();
            foreach (var (name, target) in targets)
            {
                string expected = StoredTensor.Describe(target.shape, target.dtype);
                if (!byName.TryGetValue(name, out var source))
                    throw new InvalidDataException($"The weights file '{path}' does not fit the model: tensor '{name}': expected {expected}, found no such tensor in the file.");
                if (source.Type != target.dtype || !source.Shape.SequenceEqual(target.shape))
                    throw new InvalidDataException($"The weights file '{path}' does not fit the model: tensor '{name}': expected {expected}, found {source.Describe()}.");
                pairs.Add((target, source));
            }
            var extra = stored.FirstOrDefault(s => !targets.ContainsKey(s.Name));
            if (extra is not null)
                throw new InvalidDataException($"The weights file '{path}' does not fit the model: tensor '{extra.Name}': expected no such tensor, found {extra.Describe()}.");
            return pairs;
        }

        private static Tensor FromStored(StoredTensor stored)
        {
            var tensor = empty(stored.Shape, stored.Type);
            if (stored.Data.Count > 0) tensor.bytes = stored.Data.AsSpan();
            return tensor;
        }

        private void RejectPyTorchFormat(string path)
        {
            string extension = Path.GetExtension(path);
            if (extension.Equals(".pt", StringComparison.OrdinalIgnoreCase) || extension.Equals(".safetensors", StringComparison.OrdinalIgnoreCase))
                throw new NotSupportedException(
                    $"{GetType().Name}: '{path}' names a PyTorch file ({extension}); reading and writing PyTorch formats comes with PyTorch interop. " +
                    "Use another extension (e.g. .weights) for Rnn's own format.");
        }
    }
}
