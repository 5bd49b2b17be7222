using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Rnn.IO;

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
            long expected = IdxReader.ValueCount(dimensions);
            if (expected < 0)
                throw new ArgumentException($"IDX dimensions [{Join(dimensions)}] describe more values than an array can hold.", nameof(dimensions));
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
        /// (<c>1f 8b</c>), whatever its name. The header is read first, then at most the number of bytes its
        /// dimensions declare: a compressed file holding more is rejected without decompressing the rest.
        /// </summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is not a valid IDX file of unsigned bytes: bad magic number,
        /// short header, dimensions too large for one array, fewer or more data bytes than the dimensions say, or a
        /// corrupt gzip stream. The message names the file and what is wrong.</exception>
        public static IdxData Read(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            if (!File.Exists(path)) throw new FileNotFoundException($"The IDX file '{path}' does not exist.", path);
            using var file = File.OpenRead(path);
            return IdxReader.Read(path, file);
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
    }
}
