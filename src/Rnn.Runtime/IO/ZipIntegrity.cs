using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;

namespace Rnn.IO
{
    /// <summary>
    /// Checks that a file's bytes are one whole zip archive before anything is parsed from it, and reads its entries
    /// checking each one's length and CRC-32. Messages name the file and say what is wrong: not a zip archive,
    /// truncated, trailing bytes, or which entry is corrupt.
    /// </summary>
    internal static class ZipIntegrity
    {
        private const uint LocalHeaderSignature = 0x04034b50;
        private const uint EndRecordSignature = 0x06054b50;
        private const int EndRecordLength = 22;

        /// <summary>Opens <paramref name="bytes"/>, the contents of <paramref name="path"/>, as a zip archive: the whole file, nothing after it.</summary>
        /// <exception cref="InvalidDataException">The bytes are not a whole zip archive, or its directory cannot be read.</exception>
        public static ZipArchive Open(string path, byte[] bytes)
        {
            if (bytes.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != LocalHeaderSignature)
                throw Invalid(path, "is not a PyTorch .pt file: it does not start with a zip signature, and torch.save writes zip archives " +
                    "(since PyTorch 1.6). Re-save it with torch.save(model.state_dict(), path)");
            int end = FindEndRecord(bytes);
            if (end < 0)
                throw Invalid(path, $"is truncated: its {Count(bytes.Length)} bytes end before the end record of its zip archive");
            long trailing = bytes.Length - (end + EndRecordLength + (long)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(end + 20)));
            if (trailing > 0)
                throw Invalid(path, $"has {Count(trailing)} unexpected bytes after the end of its zip archive; it was appended to or is not a single file");
            try
            {
                var archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
                _ = archive.Entries; // reads the central directory now, so that its errors surface here
                return archive;
            }
            catch (InvalidDataException e)
            {
                throw Invalid(path, $"is corrupt: the directory of its zip archive cannot be read ({e.Message})", e);
            }
        }

        /// <summary>
        /// The contents of <paramref name="entry"/>: exactly the length the archive's directory declares, matching its
        /// CRC-32. Call it only once that length is known to be acceptable: it is allocated before reading.
        /// </summary>
        /// <exception cref="InvalidDataException">The entry cannot be inflated, holds more or fewer bytes than declared, or fails its CRC.</exception>
        public static byte[] Read(string path, ZipArchiveEntry entry)
        {
            if (entry.Length < 0 || entry.Length > Array.MaxLength)
                throw Invalid(path, $"is corrupt: zip entry '{entry.FullName}' declares {Count(entry.Length)} bytes");
            var data = new byte[entry.Length];
            int read = 0;
            bool more;
            try
            {
                using var stream = entry.Open();
                int n;
                while (read < data.Length && (n = stream.Read(data, read, data.Length - read)) > 0) read += n;
                Span<byte> extra = stackalloc byte[1];
                more = read == data.Length && stream.Read(extra) > 0;
            }
            catch (InvalidDataException e)
            {
                throw Invalid(path, $"is corrupt: zip entry '{entry.FullName}' cannot be read ({e.Message})", e);
            }
            if (read != data.Length || more)
                throw Invalid(path, $"is corrupt: zip entry '{entry.FullName}' declares {Count(entry.Length)} bytes but holds {(more ? "more" : Count(read))}");
            uint computed = Crc32.HashToUInt32(data);
            if (computed != entry.Crc32)
                throw Invalid(path, $"is corrupt: zip entry '{entry.FullName}' does not match its CRC-32 (stored {Hex(entry.Crc32)}, computed {Hex(computed)})");
            return data;
        }

        /// <summary>The offset of the zip end record: the last signature whose comment reaches no further than the file; -1 if none.</summary>
        private static int FindEndRecord(byte[] bytes)
        {
            int last = bytes.Length - EndRecordLength;
            int first = Math.Max(0, last - ushort.MaxValue);
            for (int i = last; i >= first; i--)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i)) != EndRecordSignature) continue;
                int comment = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 20));
                if (i + EndRecordLength + comment <= bytes.Length) return i;
            }
            return -1;
        }

        private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

        private static string Hex(uint n) => "0x" + n.ToString("x8", CultureInfo.InvariantCulture);

        private static InvalidDataException Invalid(string path, string problem, Exception? inner = null) => FileProblem.Invalid(path, problem, inner);
    }
}
