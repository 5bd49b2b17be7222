using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Rnn.IO
{
    /// <summary>
    /// The safetensors format: an 8-byte little-endian header length, a JSON header mapping each tensor name to its
    /// <c>dtype</c>, <c>shape</c> and <c>data_offsets</c> [begin, end) into the data that follows, then the data.
    /// TorchSharp.PyBridge writes it; this class reads it, checking the header against the specification: known types,
    /// lengths that fit the shapes, and offsets that tile the data exactly (no gap, overlap, missing or extra byte).
    /// The format has no checksum, so changed values inside the data cannot be detected.
    /// </summary>
    internal static class SafetensorsFile
    {
        /// <summary>The specification's limit on the header.</summary>
        private const long MaxHeaderBytes = 100_000_000;

        private static readonly Dictionary<string, ScalarType> Types = new(StringComparer.Ordinal)
        {
            ["F64"] = ScalarType.Float64, ["F32"] = ScalarType.Float32, ["F16"] = ScalarType.Float16, ["BF16"] = ScalarType.BFloat16,
            ["I64"] = ScalarType.Int64, ["I32"] = ScalarType.Int32, ["I16"] = ScalarType.Int16, ["I8"] = ScalarType.Int8,
            ["U8"] = ScalarType.Byte, ["BOOL"] = ScalarType.Bool,
        };

        /// <summary>Writes <paramref name="tensors"/> in the safetensors format.</summary>
        public static void Write(Stream stream, IReadOnlyList<(string Name, Tensor Tensor)> tensors)
        {
            using var scope = NewDisposeScope();
            var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (name, tensor) in tensors)
            {
                if (!Types.ContainsValue(tensor.dtype))
                    throw new NotSupportedException($"Tensor '{name}' has element type {tensor.dtype}, which safetensors cannot hold.");
                dict.Add(name, tensor.detach().cpu().contiguous());
            }
            Safetensors.SaveStateDict(stream, dict, leaveOpen: true);
        }

        /// <summary>
        /// Checks and parses <paramref name="bytes"/>, the contents of <paramref name="path"/>, parsing its header once;
        /// the tensors' data stay in <paramref name="bytes"/> (not copied), sorted by name so that messages about them do
        /// not depend on the header's order.
        /// </summary>
        /// <exception cref="InvalidDataException">The bytes are truncated, have trailing bytes, or their header is not valid; the message names the file and says which.</exception>
        public static IReadOnlyList<StoredTensor> Parse(string path, byte[] bytes)
        {
            var (dataStart, entries) = ParseHeader(path, bytes);
            CheckTiling(path, entries, bytes.Length - dataStart);
            return entries
                .Select(e => e.Tensor with { Data = new ArraySegment<byte>(bytes, checked((int)(dataStart + e.Begin)), checked((int)(e.End - e.Begin))) })
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>Parses and checks the header; returns where the data starts and each tensor's name, type, shape (with empty data) and byte range in the data.</summary>
        private static (long DataStart, List<(StoredTensor Tensor, long Begin, long End)> Entries) ParseHeader(string path, byte[] bytes)
        {
            if (bytes.Length < 8)
                throw Invalid(path, $"is truncated: it has {bytes.Length} bytes, fewer than the 8-byte header length of a safetensors file");
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            if (headerLength > MaxHeaderBytes)
                throw Invalid(path, $"is not a safetensors file, or is corrupt: its header length field says {headerLength} bytes, more than the {MaxHeaderBytes} the format allows");
            if ((long)headerLength > bytes.Length - 8L)
                throw Invalid(path, $"is truncated: its header needs {headerLength} bytes after byte 8, but the file has {bytes.Length} bytes");
            var names = new HashSet<string>(StringComparer.Ordinal);
            var entries = new List<(StoredTensor, long, long)>();
            try
            {
                string json = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 8, (int)headerLength);
                using var document = JsonDocument.Parse(json);
                if (document.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException("the header is not a JSON object");
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Name == "__metadata__") continue;
                    var entry = ParseEntry(property);
                    if (!names.Add(entry.Tensor.Name)) throw new FormatException($"it names the tensor '{entry.Tensor.Name}' twice");
                    entries.Add(entry);
                }
            }
            catch (Exception e) when (e is JsonException or FormatException or DecoderFallbackException or InvalidOperationException or KeyNotFoundException or OverflowException)
            {
                throw Invalid(path, $"is not a safetensors file, or its header is corrupt: {e.Message}", e);
            }
            return (8L + (long)headerLength, entries);
        }

        private static (StoredTensor Tensor, long Begin, long End) ParseEntry(JsonProperty property)
        {
            var entry = property.Value;
            string dtype = entry.GetProperty("dtype").GetString() ?? "";
            if (!Types.TryGetValue(dtype, out var type)) throw new FormatException($"tensor '{property.Name}' has the unknown dtype '{dtype}'");
            var shape = entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (shape.Any(d => d < 0)) throw new FormatException($"tensor '{property.Name}' has a negative dimension");
            var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw new FormatException($"tensor '{property.Name}' has data_offsets that are not [begin, end]");
            var tensor = new StoredTensor(property.Name, type, shape, ArraySegment<byte>.Empty);
            long needed = Bytes(tensor);
            if (offsets[1] - offsets[0] != needed)
                throw new FormatException($"tensor '{property.Name}' is {tensor.Describe()}, which needs {needed} bytes, but its data_offsets span {offsets[1] - offsets[0]}");
            return (tensor, offsets[0], offsets[1]);
        }

        /// <summary>The bytes <paramref name="tensor"/>'s values take, in checked arithmetic: a shape whose size does not fit 64 bits is corrupt.</summary>
        private static long Bytes(StoredTensor tensor)
        {
            try
            {
                return checked(tensor.Shape.Aggregate(1L, (a, d) => checked(a * d)) * WeightsFile.ElementSize(tensor.Type));
            }
            catch (OverflowException)
            {
                throw new FormatException($"tensor '{tensor.Name}' is {tensor.Describe()}, whose size in bytes does not fit 64 bits");
            }
        }

        /// <summary>The tensors' byte ranges must cover the data exactly: sorted, each starts where the previous ends.</summary>
        private static void CheckTiling(string path, List<(StoredTensor Tensor, long Begin, long End)> spans, long dataLength)
        {
            long position = 0;
            foreach (var (tensor, begin, end) in spans.OrderBy(s => s.Begin).ThenBy(s => s.End))
            {
                if (begin != position)
                    throw Invalid(path, $"is corrupt: the data of tensor '{tensor.Name}' starts at byte {begin} of the data, but the previous tensor ends at byte {position} (a gap or an overlap)");
                position = end;
            }
            if (position > dataLength)
                throw Invalid(path, $"is truncated: its tensors need {position.ToString("N0", CultureInfo.InvariantCulture)} bytes of data, but the file has {dataLength.ToString("N0", CultureInfo.InvariantCulture)}");
            if (position < dataLength)
                throw Invalid(path, $"has {(dataLength - position).ToString("N0", CultureInfo.InvariantCulture)} unexpected bytes after the data of its last tensor; it was appended to or is not a single file");
        }

        private static InvalidDataException Invalid(string path, string problem, Exception? inner = null) => FileProblem.Invalid(path, problem, inner);
    }
}
