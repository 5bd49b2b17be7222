using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace Rnn.Data
{
    /// <summary>
    /// The contents of an IDX file of unsigned bytes (type code <c>0x08</c>), the format of the MNIST files:
    /// a big-endian header <c>00 00 08 rank</c>, one big-endian 32-bit size per dimension, then the values row-major.
    /// </summary>
    public sealed class IdxData
    {
        /// <summary>Creates IDX data from its dimensions and row-major values.</summary>
        /// <exception cref="ArgumentException">There are no dimensions or more than 255, a dimension is negative, or
        /// the number of values is not the product of the dimensions.</exception>
        public IdxData(int[] dimensions, byte[] values)
        {
            ArgumentNullException.ThrowIfNull(dimensions);
            ArgumentNullException.ThrowIfNull(values);
            if (dimensions.Length is 0 or > 255)
                throw new ArgumentException($"IDX data needs between 1 and 255 dimensions, not {dimensions.Length}.", nameof(dimensions));
            if (dimensions.Any(d => d < 0))
                throw new ArgumentException($"IDX dimensions must not be negative, got [{Join(dimensions)}].", nameof(dimensions));
            long expected = dimensions.Aggregate(1L, (p, d) => p * d);
            if (values.LongLength != expected)
                throw new ArgumentException(
                    $"IDX dimensions [{Join(dimensions)}] need {expected} values, but {values.LongLength} were given.", nameof(values));
            Dimensions = (int[])dimensions.Clone();
            Values = values;
        }

        /// <summary>The size of each dimension, e.g. <c>[60000, 28, 28]</c> for MNIST images.</summary>
        public int[] Dimensions { get; }

        /// <summary>The values, row-major (the last dimension varies fastest).</summary>
        public byte[] Values { get; }

        internal static string Join(int[] dims) => string.Join(", ", dims.Select(d => d.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Reads and writes IDX files of unsigned bytes, raw or gzip-compressed.</summary>
    public static class IdxFile
    {
        /// <summary>The IDX type code for unsigned bytes, the only type MNIST uses.</summary>
        public const byte UnsignedByte = 0x08;

        /// <summary>
        /// Reads the IDX file at <paramref name="path"/>. A gzip-compressed file is recognised by its first two bytes
        /// (<c>1f 8b</c>), whatever its name.
        /// </summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is not a valid IDX file of unsigned bytes: bad magic number,
        /// short header, fewer or more data bytes than the dimensions say, or a corrupt gzip stream. The message names
        /// the file and what is wrong.</exception>
        public static IdxData Read(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            if (!File.Exists(path)) throw new FileNotFoundException($"The IDX file '{path}' does not exist.", path);
            byte[] bytes = Decompress(path, File.ReadAllBytes(path));
            return Parse(path, bytes);
        }

        /// <summary>
        /// Writes <paramref name="data"/> to <paramref name="path"/>, gzip-compressed when the path ends in <c>.gz</c>.
        /// The file is written to a temporary file first and then moved into place, so it is never left half written.
        /// </summary>
        public static void Write(string path, IdxData data)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            ArgumentNullException.ThrowIfNull(data);
            using var buffer = new MemoryStream();
            Stream target = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true)
                : buffer;
            var header = new byte[4 + 4 * data.Dimensions.Length];
            header[2] = UnsignedByte;
            header[3] = (byte)data.Dimensions.Length;
            for (int i = 0; i < data.Dimensions.Length; i++)
                BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), data.Dimensions[i]);
            target.Write(header);
            target.Write(data.Values);
            if (!ReferenceEquals(target, buffer)) target.Dispose();
            AtomicFile.WriteStream(path, buffer.WriteTo);
        }

        private static byte[] Decompress(string path, byte[] bytes)
        {
            if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) return bytes;
            // A gzip file has at least a 10-byte header and an 8-byte trailer (CRC-32, length).
            const int MinimumGzipLength = 18;
            if (bytes.Length < MinimumGzipLength)
                throw new InvalidDataException(
                    $"The IDX file '{path}' starts like a gzip file but cannot be decompressed: it has {bytes.Length} bytes, " +
                    $"fewer than the {MinimumGzipLength} of an empty gzip stream (the file is truncated).");
            try
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var result = new MemoryStream();
                gzip.CopyTo(result);
                // The gzip trailer ends with the uncompressed length mod 2^32; a truncated file fails this check
                // (GZipStream itself just stops at the end of a truncated stream).
                uint expected = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
                if ((uint)result.Length != expected)
                    throw new InvalidDataException(
                        $"the gzip stream is truncated or corrupt: it decompressed to {result.Length} bytes, but its trailer says {expected}");
                return result.ToArray();
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
            {
                throw new InvalidDataException($"The IDX file '{path}' starts like a gzip file but cannot be decompressed: {e.Message}", e);
            }
        }

        private static IdxData Parse(string path, byte[] bytes)
        {
            if (bytes.Length < 4)
                throw new InvalidDataException($"The IDX file '{path}' is too short for an IDX header: {bytes.Length} bytes, expected at least 4.");
            uint magic = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            int rank = bytes[3];
            if (bytes[0] != 0 || bytes[1] != 0 || rank == 0)
                throw new InvalidDataException(
                    $"The file '{path}' is not an IDX file: magic number 0x{magic:X8}, expected 0x0000TTNN (type TT, NN dimensions), e.g. 0x00000803 for images.");
            if (bytes[2] != UnsignedByte)
                throw new InvalidDataException(
                    $"The IDX file '{path}' holds type 0x{bytes[2]:X2} (magic number 0x{magic:X8}); only unsigned bytes (0x08) are supported.");
            int headerLength = 4 + 4 * rank;
            if (bytes.Length < headerLength)
                throw new InvalidDataException(
                    $"The IDX file '{path}' is truncated in its header: {rank} dimensions need {headerLength} header bytes, but the file has {bytes.Length}.");
            var dims = new int[rank];
            long count = 1;
            for (int i = 0; i < rank; i++)
            {
                dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
                if (dims[i] < 0)
                    throw new InvalidDataException($"The IDX file '{path}' has a negative size {dims[i]} for dimension {i}.");
                count *= dims[i];
            }
            long actual = bytes.Length - headerLength;
            if (actual != count)
                throw new InvalidDataException(
                    $"The IDX file '{path}' has dimensions [{IdxData.Join(dims)}], which need {count} data bytes, but it has {actual}" +
                    (actual < count ? " (the file is truncated)." : " (extra bytes after the data)."));
            return new IdxData(dims, bytes.AsSpan(headerLength).ToArray());
        }
    }
}
