using System;
using System.IO;
using System.Linq;
using Rnn.IO;
using static TorchSharp.torch;

namespace Rnn
{
    public abstract partial class RnnModel
    {
        /// <summary>The model type a weights file records: the full name of the generated class.</summary>
        internal string WeightsTypeName => GetType().FullName ?? GetType().Name;

        /// <summary>
        /// Saves every weight of the model (its <c>state_dict()</c>: parameters and buffers) to <paramref name="path"/>,
        /// in the format its extension selects:
        /// <list type="bullet">
        /// <item><c>.pt</c>: PyTorch's state-dict file, as <c>torch.save(model.state_dict(), path)</c> writes it, which
        /// <c>torch.load</c> reads and the equivalent <c>torch.nn</c> model loads with <c>load_state_dict(strict=True)</c>;</item>
        /// <item><c>.safetensors</c>: the safetensors format;</item>
        /// <item>any other extension: Rnn's weights format, with checksums and the model type.</item>
        /// </list>
        /// The file is written to a temporary file and then moved into place, so a crash leaves the previous file
        /// intact; temporary files that an earlier, interrupted save of the same path left behind are removed (only
        /// Rnn's own, never a file of yours that merely looks like one).
        /// </summary>
        /// <param name="path">The file to write; its folder is created if needed. A symbolic link is written through:
        /// its target is replaced, and the link stays.</param>
        /// <exception cref="ArgumentException">The path is empty, or it (or a link's target) exists and is not a regular
        /// file, e.g. a folder or a device.</exception>
        public void SaveWeights(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            NativeSetup.EnsureLoaded();
            var tensors = state_dict().Select(entry => (entry.Key, entry.Value)).ToList();
            var format = WeightsFormat.Of(path);
            AtomicFile.WriteStream(path, stream => format.Write(stream, WeightsTypeName, tensors));
        }

        /// <summary>
        /// Loads weights saved by <see cref="SaveWeights"/>, or by PyTorch (<c>.pt</c> from
        /// <c>torch.save(model.state_dict(), path)</c>, <c>.safetensors</c>); the extension selects the format as in
        /// <see cref="SaveWeights"/>. The whole file is checked before anything is copied: its structure and checksums
        /// (Rnn's SHA-256s; the CRC-32 of every entry of a <c>.pt</c> zip archive; safetensors has none), the model type
        /// (Rnn's format), and the name, shape and element type of every tensor. If anything differs, the model is
        /// left unchanged and the exception names the file and the first tensor that differs, with the expected and the
        /// found shape. The weights are replaced while no <see cref="Predict"/> or <see cref="Evaluate"/> runs on the
        /// model: each of those computes with the old weights or the new ones, never a mix.
        /// </summary>
        /// <remarks>
        /// Only regular files are read (a folder, named pipe or device is refused), and no more than the model's weights
        /// and <see cref="ReadLimit.Structure"/> (64 MiB) of structure: a larger file, or a <c>.pt</c> archive whose values
        /// would inflate beyond that, is refused before its values are read.
        /// </remarks>
        /// <param name="path">A weights file: <c>.pt</c>, <c>.safetensors</c>, or Rnn's format for any other extension.</param>
        /// <exception cref="ArgumentException">The path is empty, or is not a regular file (a folder, a device, a named pipe).</exception>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is not in the format its extension names, is truncated, has
        /// trailing bytes, is corrupt, is larger than this model's weights could take, holds another model type's
        /// weights, or a tensor is missing, extra, or of another shape or type.</exception>
        public void LoadWeights(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            NativeSetup.EnsureLoaded();
            var limit = ReadLimit.ForWeights(WeightBytes());
            LoadWeightsFrom(path, RegularFile.ReadAllBytes(path, "weights file", limit.Bytes, limit.Description), limit);
        }

        /// <summary>
        /// <see cref="LoadWeights"/> of <paramref name="bytes"/>, the contents of <paramref name="path"/> (whose
        /// extension selects the format and which messages name): the tests feed it bytes without writing files.
        /// </summary>
        internal void LoadWeightsFrom(string path, byte[] bytes, ReadLimit limit)
        {
            var stored = WeightsFormat.Of(path).Parse(path, bytes, WeightsTypeName, limit);
            var byName = StoredTensorCopy.ByName(stored, name =>
                FileProblem.Invalid(path, $"is corrupt: it holds the tensor '{name}' twice"));
            using var scope = NewDisposeScope();
            var targets = state_dict();
            using var copy = StoredTensorCopy.Match(byName, "", targets, owner: null, difference =>
                FileProblem.Invalid(path, $"does not fit the model: {difference}"));
            ReplaceWeights(() => copy.Apply(targets));
        }

        /// <summary>The bytes the model's weights (parameters and buffers) take.</summary>
        private long WeightBytes()
        {
            using var scope = NewDisposeScope();
            long total = 0;
            foreach (var (_, tensor) in state_dict()) total += tensor.numel() * tensor.ElementSize;
            return total;
        }
    }
}
