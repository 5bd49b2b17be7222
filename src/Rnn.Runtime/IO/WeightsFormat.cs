using System;
using System.Collections.Generic;
using System.IO;
using static TorchSharp.torch;

namespace Rnn.IO
{
    /// <summary>
    /// A file format <see cref="RnnModel.SaveWeights"/> writes and <see cref="RnnModel.LoadWeights"/> reads, with its
    /// extension, writer and reader, in one table: <see cref="PyTorch"/> (<c>.pt</c>), <see cref="Safetensors"/>
    /// (<c>.safetensors</c>), and <see cref="Rnn"/>, Rnn's own checksummed format, for every other extension.
    /// </summary>
    internal sealed class WeightsFormat
    {
        /// <summary><c>.pt</c>: the zip archive <c>torch.save(model.state_dict(), path)</c> writes (<see cref="PyTorchFile"/>).</summary>
        public static readonly WeightsFormat PyTorch =
            new(".pt", (stream, _, tensors) => PyTorchFile.Write(stream, tensors), (path, _) => PyTorchFile.Read(path));

        /// <summary><c>.safetensors</c> (<see cref="SafetensorsFile"/>).</summary>
        public static readonly WeightsFormat Safetensors =
            new(".safetensors", (stream, _, tensors) => SafetensorsFile.Write(stream, tensors), (path, _) => SafetensorsFile.Read(path));

        /// <summary>Rnn's own format (<see cref="WeightsFile"/>), with the model type and SHA-256 checksums: any other extension.</summary>
        public static readonly WeightsFormat Rnn = new(null, WeightsFile.Write, ReadRnn);

        /// <summary>The formats an extension selects; a path with none of these extensions is in <see cref="Rnn"/>'s format.</summary>
        public static readonly IReadOnlyList<WeightsFormat> ByExtension = new[] { PyTorch, Safetensors };

        private readonly Action<Stream, string, IReadOnlyList<(string Name, Tensor Tensor)>> _write;
        private readonly Func<string, string, IReadOnlyList<StoredTensor>> _read;

        private WeightsFormat(string? extension, Action<Stream, string, IReadOnlyList<(string Name, Tensor Tensor)>> write,
            Func<string, string, IReadOnlyList<StoredTensor>> read)
        {
            Extension = extension;
            _write = write;
            _read = read;
        }

        /// <summary>The extension that selects this format (case-insensitive), or null for <see cref="Rnn"/>'s.</summary>
        public string? Extension { get; }

        /// <summary>The format the extension of <paramref name="path"/> selects.</summary>
        public static WeightsFormat Of(string path)
        {
            string extension = Path.GetExtension(path);
            foreach (var format in ByExtension)
                if (extension.Equals(format.Extension, StringComparison.OrdinalIgnoreCase)) return format;
            return Rnn;
        }

        /// <summary>Writes <paramref name="tensors"/> of a model of type <paramref name="modelType"/> to <paramref name="stream"/>.</summary>
        public void Write(Stream stream, string modelType, IReadOnlyList<(string Name, Tensor Tensor)> tensors) => _write(stream, modelType, tensors);

        /// <summary>Reads and checks the file at <paramref name="path"/>, which must hold weights of a model of type <paramref name="modelType"/>.</summary>
        /// <exception cref="InvalidDataException">The file is not in this format, is damaged, or (Rnn's format) holds another model type.</exception>
        public IReadOnlyList<StoredTensor> Read(string path, string modelType) => _read(path, modelType);

        /// <summary>Reads a file in Rnn's format and checks that it holds <paramref name="modelType"/>'s weights.</summary>
        private static IReadOnlyList<StoredTensor> ReadRnn(string path, string modelType)
        {
            var (storedType, stored) = WeightsFile.Read(path);
            if (storedType != modelType)
                throw new InvalidDataException(
                    $"The weights file '{path}' holds the weights of a different model type, '{storedType}', not of '{modelType}'.");
            return stored;
        }
    }
}
