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
        /// found shape.
        /// </summary>
        /// <param name="path">A weights file: <c>.pt</c>, <c>.safetensors</c>, or Rnn's format for any other extension.</param>
        /// <exception cref="ArgumentException">The path is empty.</exception>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is not in the format its extension names, is truncated, has
        /// trailing bytes, is corrupt, holds another model type's weights, or a tensor is missing, extra, or of another
        /// shape or type.</exception>
        public void LoadWeights(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            NativeSetup.EnsureLoaded();
            var stored = WeightsFormat.Of(path).Read(path, WeightsTypeName);
            var byName = StoredTensorCopy.ByName(stored, name =>
                new InvalidDataException($"The weights file '{path}' is corrupt: it holds the tensor '{name}' twice."));
            using var scope = NewDisposeScope();
            var targets = state_dict();
            using var copy = StoredTensorCopy.Match(byName, "", targets, owner: null, difference =>
                new InvalidDataException($"The weights file '{path}' does not fit the model: {difference}."));
            copy.Apply(targets);
        }
    }
}
