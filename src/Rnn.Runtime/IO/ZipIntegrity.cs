using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;

namespace Rnn.IO
{
    /// <summary>
    /// Checks that a file's bytes are one whole zip archive whose every entry matches its CRC-32, before anything is
    /// parsed from it. Messages name the file and say what is wrong: not a zip archive, truncated, trailing bytes, or
    /// which entry is corrupt.
    /// </summary>
    internal static class ZipIntegrity
    {
        private const uint LocalHeaderSignature = 0x04034b50;
        private const uint EndRecordSignature = 0x06054b50;
        private const int EndRecordLength = 22;

        /// <summary>Checks <paramref name="bytes"/>, the contents of <paramref name="path"/>; returns the archive's entry names and lengths.</summary>
        /// <exception cref="InvalidDataException">The bytes are not a whole, intact zip archive.</exception>
        public static (string Name, long Length)[] Check(string path, byte[] bytes)
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
            ZipArchive archive;
            try
            {
                archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            }
            catch (InvalidDataException e)
            {
                throw Invalid(path, $"is corrupt: the directory of its zip archive cannot be read ({e.Message})", e);
            }
            using (archive)
            {
                var entries = new (string, long)[archive.Entries.Count];
                long total = 0;
                for (int i = 0; i < entries.Length; i++)
                {
                    var entry = archive.Entries[i];
                    total += entry.Length;
                    if (entry.Length < 0 || total > Array.MaxLength)
                        throw Invalid(path, $"declares {Count(total)} bytes of contents, more than the {Count(Array.MaxLength)} a weights file may hold");
                    CheckEntry(path, entry);
                    entries[i] = (entry.FullName, entry.Length);
                }
                return entries;
            }
        }

        private static void CheckEntry(string path, ZipArchiveEntry entry)
        {
            var crc = new Crc32();
            long read = 0;
            var buffer = new byte[81920];
            try
            {
                using var stream = entry.Open();
                int n;
                while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    read += n;
                    if (read > entry.Length) break;
                    crc.Append(buffer.AsSpan(0, n));
                }
            }
            catch (InvalidDataException e)
            {
                throw Invalid(path, $"is corrupt: zip entry '{entry.FullName}' cannot be read ({e.Message})", e);
            }
            if (read != entry.Length)
                throw Invalid(path, $"is corrupt: zip entry '{entry.FullName}' declares {Count(entry.Length)} bytes but holds {(read > entry.Length ? "more" : Count(read))}");
            uint computed = crc.GetCurrentHashAsUInt32();
            if (computed != entry.Crc32)
                throw Invalid(path, $"is corrupt: zip entry '{entry.FullName}' does not match its CRC-32 (stored {Hex(entry.Crc32)}, computed {Hex(computed)})");
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

        private static InvalidDataException Invalid(string path, string problem, Exception? inner = null) =>
            new($"The weights file '{path}' {problem}.", inner);
    }
}
