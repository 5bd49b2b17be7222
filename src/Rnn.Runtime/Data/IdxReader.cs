using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace Rnn.Data
{
    /// <summary>
    /// Reads one IDX file, raw or gzip-compressed, header first: the data is read only up to the size the header
    /// declares, so a compressed file that would inflate to more is rejected without inflating the rest.
    /// </summary>
    internal sealed class IdxReader
    {
        /// <summary>A gzip file has at least a 10-byte header and an 8-byte trailer (CRC-32, length).</summary>
        private const int MinimumGzipLength = 18;

        /// <summary>The first allocation for the data of a compressed file; it grows as data arrives, up to the declared size.</summary>
        private const int InitialCapacity = 1 << 20;

        private readonly string _path;
        private readonly Stream _source;
        private readonly long? _rawLength;

        private IdxReader(string path, Stream source, long? rawLength)
        {
            _path = path;
            _source = source;
            _rawLength = rawLength;
        }

        private bool Compressed => _rawLength is null;

        /// <summary>What the byte counts in messages refer to.</summary>
        private string Holder => Compressed ? "the decompressed data" : "the file";

        /// <summary>Reads the IDX file at <paramref name="path"/> from <paramref name="file"/>, positioned at its start.</summary>
        /// <exception cref="InvalidDataException">The file is not a valid IDX file of unsigned bytes; the message names it and says why.</exception>
        public static IdxData Read(string path, FileStream file)
        {
            var magic = new byte[2];
            int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            if (got < 2 || magic[0] != 0x1f || magic[1] != 0x8b) return new IdxReader(path, file, file.Length).ReadAll();

            if (file.Length < MinimumGzipLength)
                throw new InvalidDataException(
                    $"The IDX file '{path}' starts like a gzip file but cannot be decompressed: it has {file.Length} bytes, " +
                    $"fewer than the {MinimumGzipLength} of an empty gzip stream (the file is truncated).");
            using var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
            var data = new IdxReader(path, gzip, rawLength: null).ReadAll();
            CheckGzipTrailer(path, file, 4 + 4L * data.Dimensions.Length + data.Values.LongLength);
            return data;
        }

        /// <summary>The product of <paramref name="dimensions"/>, or -1 if it exceeds the largest array.</summary>
        public static long ValueCount(int[] dimensions)
        {
            long count = 1;
            foreach (int d in dimensions)
            {
                if (d < 0) return -1;
                try
                {
                    count = checked(count * d);
                }
                catch (OverflowException)
                {
                    return -1;
                }
                if (count > Array.MaxLength) return -1;
            }
            return count;
        }

        private IdxData ReadAll()
        {
            var head = new byte[4];
            int got = Fill(head);
            if (got < 4)
                throw Invalid($"is too short for an IDX header: {got} bytes, expected at least 4.");
            uint magic = BinaryPrimitives.ReadUInt32BigEndian(head);
            int rank = head[3];
            if (head[0] != 0 || head[1] != 0 || rank == 0)
                throw new InvalidDataException(
                    $"The file '{_path}' is not an IDX file: magic number 0x{magic:X8}, expected 0x0000TTNN (type TT, NN dimensions), e.g. 0x00000803 for images.");
            if (head[2] != IdxFile.UnsignedByte)
                throw Invalid($"holds type 0x{head[2]:X2} (magic number 0x{magic:X8}); only unsigned bytes (0x08) are supported.");
            int headerLength = 4 + 4 * rank;
            var sizes = new byte[4 * rank];
            got = Fill(sizes);
            if (got < sizes.Length)
                throw Invalid($"is truncated in its header: {rank} dimensions need {headerLength} header bytes, but {Holder} has {4 + got}.");
            var dims = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                dims[i] = BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * i));
                if (dims[i] < 0) throw Invalid($"has a negative size {dims[i]} for dimension {i}.");
            }
            long count = ValueCount(dims);
            if (count < 0)
                throw Invalid($"has dimensions [{IdxData.Join(dims)}], which describe more than {Array.MaxLength} values, the most one array holds.");
            return new IdxData(dims, ReadValues(dims, (int)count, headerLength));
        }

        private byte[] ReadValues(int[] dims, int count, int headerLength)
        {
            if (_rawLength is long length)
            {
                long actual = length - headerLength;
                if (actual != count) throw WrongSize(dims, count, actual.ToString(System.Globalization.CultureInfo.InvariantCulture), actual < count);
                var values = new byte[count];
                _source.ReadExactly(values);
                return values;
            }
            var buffer = new byte[Math.Min(count, InitialCapacity)];
            int filled = 0;
            while (true)
            {
                filled += Fill(buffer.AsSpan(filled));
                if (filled < buffer.Length || buffer.Length == count) break;
                Array.Resize(ref buffer, (int)Math.Min(count, 2L * buffer.Length));
            }
            if (filled < count) throw WrongSize(dims, count, filled.ToString(System.Globalization.CultureInfo.InvariantCulture), truncated: true);
            if (Fill(new byte[1]) > 0) throw WrongSize(dims, count, "more", truncated: false);
            return buffer;
        }

        /// <summary>Reads until <paramref name="target"/> is full or the data ends; returns the bytes read.</summary>
        private int Fill(Span<byte> target)
        {
            try
            {
                int total = 0;
                while (total < target.Length)
                {
                    int n = _source.Read(target[total..]);
                    if (n == 0) break;
                    total += n;
                }
                return total;
            }
            catch (Exception e) when (Compressed && e is InvalidDataException or IOException)
            {
                throw new InvalidDataException($"The IDX file '{_path}' starts like a gzip file but cannot be decompressed: {e.Message}", e);
            }
        }

        private InvalidDataException WrongSize(int[] dims, long count, string actual, bool truncated) => Invalid(
            $"has dimensions [{IdxData.Join(dims)}], which need {count} data bytes, but {(Compressed ? "the decompressed data" : "it")} has {actual}" +
            (truncated ? " (the file is truncated)."
                : Compressed ? " (extra bytes after the data; the rest was not decompressed)." : " (extra bytes after the data)."));

        private InvalidDataException Invalid(string problem) => new($"The IDX file '{_path}' {problem}");

        /// <summary>
        /// The gzip trailer ends with the uncompressed length mod 2^32; a file truncated inside its trailer fails this
        /// check (GZipStream itself just stops at the end of a truncated stream).
        /// </summary>
        private static void CheckGzipTrailer(string path, FileStream file, long decompressed)
        {
            var trailer = new byte[4];
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(trailer);
            uint expected = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            if ((uint)decompressed != expected)
                throw new InvalidDataException(
                    $"The IDX file '{path}' starts like a gzip file but cannot be decompressed: the gzip stream is truncated or corrupt: " +
                    $"it decompressed to {decompressed} bytes, but its trailer says {expected}.");
        }
    }
}
