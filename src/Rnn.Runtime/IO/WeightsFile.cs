using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace Rnn.IO
{
    /// <summary>
    /// Rnn's weights format: every tensor of a model's state dict with its name, element type and shape, each tensor's
    /// SHA-256, and a SHA-256 of the whole file, so that truncation, extra bytes and corruption are all detected.
    /// </summary>
    /// <remarks>
    /// Little-endian throughout:
    /// <code>
    /// magic     8 bytes  89 'R' 'N' 'N' 'W' 0D 0A 1A
    /// version   u32      1
    /// model     string   the model's type name (u32 byte length, UTF-8)
    /// count     u32      number of tensors
    /// tensor    count times:
    ///   name    string
    ///   type    u8       TorchSharp ScalarType
    ///   rank    u8
    ///   shape   i64 × rank
    ///   length  u64      bytes of data: elements × element size
    ///   sha256  32 bytes of data
    ///   data    length bytes, row-major
    /// sha256    32 bytes of everything above
    /// </code>
    /// </remarks>
    internal static class WeightsFile
    {
        /// <summary>The format version this code writes and reads.</summary>
        public const uint Version = 1;

        private static readonly byte[] Magic = { 0x89, (byte)'R', (byte)'N', (byte)'N', (byte)'W', 0x0D, 0x0A, 0x1A };
        private const int HashLength = 32;
        private const int MaxNameBytes = 4096;
        private const int MaxRank = 32;

        /// <summary>Writes <paramref name="tensors"/> of the model type <paramref name="modelType"/> to <paramref name="stream"/>.</summary>
        public static void Write(Stream stream, string modelType, IReadOnlyList<(string Name, Tensor Tensor)> tensors)
        {
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Rnn weights files are written on little-endian machines only.");
            using var fileHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Put(ReadOnlySpan<byte> bytes)
            {
                stream.Write(bytes);
                fileHash.AppendData(bytes);
            }
            Span<byte> number = stackalloc byte[8];
            Put(Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(number, Version);
            Put(number[..4]);
            PutString(Put, modelType);
            BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)tensors.Count);
            Put(number[..4]);
            foreach (var (name, tensor) in tensors)
            {
                using var scope = NewDisposeScope();
                var cpu = tensor.detach().cpu().contiguous();
                if (ElementSize(cpu.dtype) == 0)
                    throw new NotSupportedException($"Tensor '{name}' has element type {cpu.dtype}, which a weights file cannot hold.");
                ReadOnlySpan<byte> data = cpu.numel() == 0 ? ReadOnlySpan<byte>.Empty : cpu.bytes;
                PutString(Put, name);
                Put(new[] { (byte)cpu.dtype, checked((byte)cpu.Dimensions) });
                for (int d = 0; d < cpu.Dimensions; d++) // size(d), not shape: shape leaves an array to the finalizer per call
                {
                    BinaryPrimitives.WriteInt64LittleEndian(number, cpu.size(d));
                    Put(number);
                }
                BinaryPrimitives.WriteUInt64LittleEndian(number, (ulong)data.Length);
                Put(number);
                Put(SHA256.HashData(data));
                Put(data);
            }
            stream.Write(fileHash.GetHashAndReset());
        }

        private static void PutString(Action<ReadOnlySpan<byte>> put, string value)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(value);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)bytes.Length);
            put(length);
            put(bytes);
        }

        /// <summary>
        /// Reads and checks the whole file at <paramref name="path"/>: magic number, version, structure, length and
        /// checksums. Nothing about a model is checked here.
        /// </summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="ArgumentException">The path is not a regular file.</exception>
        /// <exception cref="InvalidDataException">The file is not an Rnn weights file, or is truncated, has trailing bytes, or is corrupt; the message names the file and says which.</exception>
        /// <param name="path">The file to read.</param>
        /// <param name="noun">What the messages call the file: a weights file, or a training checkpoint (which uses this format too).</param>
        public static (string ModelType, IReadOnlyList<StoredTensor> Tensors) Read(string path, string noun = "weights file") =>
            Parse(path, RegularFile.ReadAllBytes(path, noun), noun);

        /// <summary>Checks and parses <paramref name="bytes"/>, the contents of <paramref name="path"/>, as <see cref="Read"/> does.</summary>
        /// <exception cref="InvalidDataException">The bytes are not an Rnn weights file, or are truncated, have trailing bytes, or are corrupt.</exception>
        public static (string ModelType, IReadOnlyList<StoredTensor> Tensors) Parse(string path, byte[] bytes, string noun = "weights file") =>
            new Reader(path, bytes, noun).ReadAll();

        /// <summary>Parses one file's bytes, with a position and messages that name the file.</summary>
        private sealed class Reader
        {
            private readonly string _path;
            private readonly string _noun;
            private readonly byte[] _bytes;
            private int _position;
            private string _where = "the header";

            public Reader(string path, byte[] bytes, string noun)
            {
                _path = path;
                _noun = noun;
                _bytes = bytes;
            }

            public (string ModelType, IReadOnlyList<StoredTensor> Tensors) ReadAll()
            {
                CheckMagic();
                uint version = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
                if (version != Version)
                    throw Invalid($"has format version {version}, but this version of Rnn reads version {Version} only");
                string modelType = TakeString("the model type name");
                uint count = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
                var tensors = new List<StoredTensor>();
                for (uint i = 0; i < count; i++) tensors.Add(TakeTensor(i));
                _where = "the file checksum";
                int contentEnd = _position;
                var storedHash = Take(HashLength);
                if (_position != _bytes.Length)
                    throw Invalid($"has {_bytes.Length - _position} unexpected bytes after the end of the weights (at byte {_position}); " +
                        "it was appended to or is not a single weights file");
                if (!SHA256.HashData(_bytes.AsSpan(0, contentEnd)).AsSpan().SequenceEqual(storedHash))
                    throw Invalid("is corrupt: " + CorruptPart(tensors) + " does not match its checksum");
                return (modelType, tensors);
            }

            private void CheckMagic()
            {
                int n = Math.Min(_bytes.Length, Magic.Length);
                if (_bytes.AsSpan(0, n).SequenceEqual(Magic.AsSpan(0, n)) && n < Magic.Length)
                    throw Invalid($"is truncated: it has {_bytes.Length} bytes, fewer than the {Magic.Length}-byte header of a weights file");
                if (n < Magic.Length || !_bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
                    throw Invalid("is not an Rnn weights file (it does not start with the weights file signature). " +
                        "Files written by TorchSharp's model.save(path) load with model.load(path)");
                _position = Magic.Length;
            }

            private StoredTensor TakeTensor(uint index)
            {
                _where = $"tensor #{index.ToString(CultureInfo.InvariantCulture)}";
                string name = TakeString("a tensor name");
                _where = $"tensor '{name}'";
                var type = (ScalarType)Take(1)[0];
                int rank = Take(1)[0];
                if (ElementSize(type) == 0 || rank > MaxRank)
                    throw Invalid($"is corrupt: {_where} has element type code {(int)type} and {rank} dimensions, which no weights file holds");
                var shape = new long[rank];
                long elements = 1;
                for (int d = 0; d < rank; d++)
                {
                    shape[d] = BinaryPrimitives.ReadInt64LittleEndian(Take(8));
                    if (shape[d] < 0) throw Invalid($"is corrupt: {_where} has a negative dimension {shape[d]}");
                    elements = SaturatingMultiply(elements, shape[d]);
                }
                ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
                long expected = SaturatingMultiply(elements, ElementSize(type));
                if (declared != (ulong)expected)
                    throw Invalid($"is corrupt: {_where} is {StoredTensor.Describe(shape, type)}, which needs {expected} bytes, but its length field says {declared}");
                var hash = Take(HashLength).ToArray();
                int start = _position;
                var data = new ArraySegment<byte>(_bytes, start, Take(declared > int.MaxValue ? int.MaxValue : (int)declared).Length);
                if (!SHA256.HashData(data).AsSpan().SequenceEqual(hash))
                    throw Invalid($"is corrupt: the values of {_where} do not match their checksum");
                return new StoredTensor(name, type, shape, data);
            }

            private string TakeString(string what)
            {
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
                if (length > MaxNameBytes)
                    throw Invalid($"is corrupt: {what} in {_where} claims {length} bytes, more than the {MaxNameBytes} any name has");
                try
                {
                    return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take((int)length));
                }
                catch (DecoderFallbackException)
                {
                    throw Invalid($"is corrupt: {what} in {_where} is not valid UTF-8");
                }
            }

            private ReadOnlySpan<byte> Take(int count)
            {
                if (count > _bytes.Length - _position)
                    throw Invalid($"is truncated: it ends at byte {_bytes.Length} inside {_where}, which needs {count} more bytes from byte {_position}");
                var span = _bytes.AsSpan(_position, count);
                _position += count;
                return span;
            }

            /// <summary>The part that differs when the file checksum does not match: tensors are checked as they are read.</summary>
            private static string CorruptPart(List<StoredTensor> tensors) =>
                tensors.Count == 0 ? "the header" : "the header (names, shapes or types)";

            private InvalidDataException Invalid(string problem) => FileProblem.Invalid(_path, problem, noun: _noun);
        }

        private static long SaturatingMultiply(long a, long b)
        {
            try
            {
                return checked(a * b);
            }
            catch (OverflowException)
            {
                return long.MaxValue;
            }
        }

        /// <summary>Bytes per element of <paramref name="type"/>; 0 for types a weights file cannot hold.</summary>
        public static int ElementSize(ScalarType type) => type switch
        {
            ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
            ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
            ScalarType.Int32 or ScalarType.Float32 => 4,
            ScalarType.Int64 or ScalarType.Float64 or ScalarType.ComplexFloat32 => 8,
            ScalarType.ComplexFloat64 => 16,
            _ => 0,
        };
    }
}
