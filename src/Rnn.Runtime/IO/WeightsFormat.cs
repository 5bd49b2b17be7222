using System;
using System.Collections.Generic;
using System.IO;
using static TorchSharp.torch;

namespace Rnn.IO
{
    /// <summary>
    /// A file format <see cref="RnnModel.SaveWeights"/> writes and <see cref="RnnModel.LoadWeights"/> reads, with its
    /// extension, writer and parser, in one table: <see cref="PyTorch"/> (<c>.pt</c>), <see cref="Safetensors"/>
    /// (<c>.safetensors</c>), and <see cref="Rnn"/>, Rnn's own checksummed format, for every other extension.
    /// </summary>
    internal sealed class WeightsFormat
    {
        /// <summary><c>.pt</c>: the zip archive <c>torch.save(model.state_dict(), path)</c> writes (<see cref="PyTorchFile"/>).</summary>
        public static readonly WeightsFormat PyTorch =
            new(".pt", (stream, _, tensors) => PyTorchFile.Write(stream, tensors), (path, bytes, _, limit) => PyTorchFile.Parse(path, bytes, limit));

        /// <summary><c>.safetensors</c> (<see cref="SafetensorsFile"/>).</summary>
        public static readonly WeightsFormat Safetensors =
            new(".safetensors", (stream, _, tensors) => SafetensorsFile.Write(stream, tensors), (path, bytes, _, _) => SafetensorsFile.Parse(path, bytes));

        /// <summary>Rnn's own format (<see cref="WeightsFile"/>), with the model type and SHA-256 checksums: any other extension.</summary>
        public static readonly WeightsFormat Rnn = new(null, WeightsFile.Write, ParseRnn);

        /// <summary>The formats an extension selects; a path with none of these extensions is in <see cref="Rnn"/>'s format.</summary>
        public static readonly IReadOnlyList<WeightsFormat> ByExtension = new[] { PyTorch, Safetensors };

        private readonly Action<Stream, string, IReadOnlyList<(string Name, Tensor Tensor)>> _write;
        private readonly Func<string, byte[], string, ReadLimit, IReadOnlyList<StoredTensor>> _parse;

        private WeightsFormat(string? extension, Action<Stream, string, IReadOnlyList<(string Name, Tensor Tensor)>> write,
            Func<string, byte[], string, ReadLimit, IReadOnlyList<StoredTensor>> parse)
        {
            Extension = extension;
            _write = write;
            _parse = parse;
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

        /// <summary>
        /// Checks and parses <paramref name="bytes"/>, the contents of the file <paramref name="path"/>, which must hold
        /// weights of a model of type <paramref name="modelType"/>; values inflated from it (a <c>.pt</c> archive's) must
        /// fit <paramref name="limit"/>.
        /// </summary>
        /// <exception cref="InvalidDataException">The file is not in this format, is damaged, holds more than the limit, or (Rnn's format) holds another model type.</exception>
        public IReadOnlyList<StoredTensor> Parse(string path, byte[] bytes, string modelType, ReadLimit limit) => _parse(path, bytes, modelType, limit);

        /// <summary>Parses a file in Rnn's format and checks that it holds <paramref name="modelType"/>'s weights.</summary>
        private static IReadOnlyList<StoredTensor> ParseRnn(string path, byte[] bytes, string modelType, ReadLimit limit)
        {
            var (storedType, stored) = WeightsFile.Parse(path, bytes);
            if (storedType != modelType)
                throw FileProblem.Invalid(path, $"holds the weights of a different model type, '{storedType}', not of '{modelType}'");
            return stored;
        }
    }
}
