using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace Rnn.IO
{
    /// <summary>
    /// The entries of a <c>.pt</c> zip archive, resolved as PyTorch resolves them: every entry lies in one top-level
    /// folder, the archive's root, which holds <c>data.pkl</c>; tensor storages are exactly <c>{root}/data/{key}</c>.
    /// An archive with an entry PyTorch would not read (a decoy such as <c>{root}/xdata/5</c>), with two entries of
    /// one name, or with entries outside the root, is refused, so Rnn and PyTorch cannot load different weights from one file.
    /// </summary>
    internal sealed class PyTorchArchive
    {
        /// <summary>The small records PyTorch reads besides the pickle and the storages (PyTorch 1.6 to 2.x).</summary>
        private static readonly string[] Records = { "version", ".data/version", "byteorder", ".data/serialization_id", ".format_version", ".storage_alignment" };

        private const int MaxRecordBytes = 4096;
        private const string PickleName = "data.pkl";
        private const string StorageFolder = "data/";

        private readonly string _path;
        private readonly ZipArchiveEntry _pickle;
        private readonly List<ZipArchiveEntry> _records;
        private readonly Dictionary<string, ZipArchiveEntry> _storages;

        private PyTorchArchive(string path, string root, ZipArchiveEntry pickle, List<ZipArchiveEntry> records, Dictionary<string, ZipArchiveEntry> storages)
        {
            _path = path;
            Root = root;
            _pickle = pickle;
            _records = records;
            _storages = storages;
        }

        /// <summary>The top-level folder that holds every entry, e.g. <c>archive</c>.</summary>
        public string Root { get; }

        /// <summary>Sorts the entries of <paramref name="zip"/>, the archive of <paramref name="path"/>, refusing any PyTorch would not read.</summary>
        /// <exception cref="InvalidDataException">The archive is not laid out as PyTorch writes and reads it.</exception>
        public static PyTorchArchive Resolve(string path, ZipArchive zip)
        {
            var entries = zip.Entries;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
                if (!names.Add(entry.FullName))
                    throw Invalid(path, $"has two zip entries named '{entry.FullName}'; PyTorch reads one of them, and Rnn cannot tell which");
            string root = RootOf(path, entries);
            ZipArchiveEntry? pickle = null;
            var records = new List<ZipArchiveEntry>();
            var storages = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (!entry.FullName.StartsWith(root + "/", StringComparison.Ordinal))
                    throw Invalid(path, $"has the zip entry '{entry.FullName}' outside its folder '{root}/', which PyTorch refuses");
                string name = entry.FullName[(root.Length + 1)..];
                if (name == PickleName) pickle = entry;
                else if (Records.Contains(name, StringComparer.Ordinal)) records.Add(entry);
                else if (name.StartsWith(StorageFolder, StringComparison.Ordinal) && name.Length > StorageFolder.Length) storages.Add(name[StorageFolder.Length..], entry);
                else if (!(name.Length == 0 || name.EndsWith('/')) || entry.Length != 0) throw NotRead(path, entry);
            }
            if (!records.Any(r => r.FullName == root + "/version" || r.FullName == root + "/.data/version"))
                throw Invalid(path, $"has no version record ('{root}/version'), which PyTorch requires");
            if (pickle!.Length > PyTorchPickle.MaxBytes)
                throw Invalid(path, $"has a data.pkl of {Count(pickle.Length)} bytes, more than the {Count(PyTorchPickle.MaxBytes)} of a state dict Rnn reads");
            return new PyTorchArchive(path, root, pickle, records, storages);
        }

        /// <summary>The pickle, <c>{root}/data.pkl</c>, checked against its CRC.</summary>
        public byte[] ReadPickle() => ZipIntegrity.Read(_path, _pickle);

        /// <summary>Checks the small records (version, byte order, …) against their CRCs, and that the values are little-endian.</summary>
        public void CheckRecords()
        {
            foreach (var record in _records)
            {
                if (record.Length > MaxRecordBytes)
                    throw Invalid(_path, $"has a record '{record.FullName}' of {Count(record.Length)} bytes, where PyTorch writes a few");
                byte[] data = ZipIntegrity.Read(_path, record);
                if (record.FullName == Root + "/byteorder" && Encoding.ASCII.GetString(data) != "little")
                    throw Invalid(_path, $"stores its values in byte order '{Encoding.ASCII.GetString(data).Trim()}'; Rnn reads little-endian files only (torch.save writes them on every common machine)");
            }
        }

        /// <summary>
        /// The bytes of each of <paramref name="storages"/>, by key: each must be an entry <c>{root}/data/{key}</c> of
        /// exactly its size, and every storage entry must be one of them. The sizes are checked against
        /// <paramref name="limit"/> before anything is inflated.
        /// </summary>
        public Dictionary<string, byte[]> ReadStorages(IReadOnlyCollection<PickledStorage> storages, ReadLimit limit)
        {
            var unused = _storages.Keys.Except(storages.Select(s => s.Key), StringComparer.Ordinal).FirstOrDefault();
            if (unused is not null) throw NotRead(_path, _storages[unused]);
            long total = 0;
            foreach (var storage in storages)
            {
                if (!_storages.TryGetValue(storage.Key, out var entry))
                    throw Invalid(_path, $"has no zip entry '{Root}/{StorageFolder}{storage.Key}' for the storage its pickle names '{storage.Key}'");
                long needed = Bytes(storage);
                if (entry.Length != needed)
                    throw Invalid(_path, $"is corrupt: zip entry '{entry.FullName}' holds {Count(entry.Length)} bytes, but its pickle says {storage.Elements} {storage.Type} values ({Count(needed)} bytes)");
                total += needed;
                if (total > limit.Bytes)
                    throw Invalid(_path, $"has tensor storages of more than {limit.Description}: {Count(total)} bytes up to zip entry '{entry.FullName}'");
            }
            return storages.ToDictionary(s => s.Key, s => ZipIntegrity.Read(_path, _storages[s.Key]), StringComparer.Ordinal);
        }

        /// <summary>The bytes a storage's values take; long.MaxValue when that overflows.</summary>
        public static long Bytes(PickledStorage storage)
        {
            try
            {
                return checked(storage.Elements * WeightsFile.ElementSize(storage.Type));
            }
            catch (OverflowException)
            {
                return long.MaxValue;
            }
        }

        /// <summary>The one top-level folder that holds <c>data.pkl</c>.</summary>
        private static string RootOf(string path, IReadOnlyCollection<ZipArchiveEntry> entries)
        {
            var roots = entries.Select(e => e.FullName).Where(n => n.EndsWith("/" + PickleName, StringComparison.Ordinal) && n.IndexOf('/') == n.Length - PickleName.Length - 1)
                .Select(n => n[..n.IndexOf('/')]).ToList();
            return roots.Count switch
            {
                0 => throw Invalid(path, "is a zip archive but not a PyTorch file: it has no data.pkl"),
                1 => roots[0],
                _ => throw Invalid(path, $"has a data.pkl in {roots.Count} folders ('{roots[0]}/', '{roots[1]}/'); PyTorch reads the first entry's folder only"),
            };
        }

        private static InvalidDataException NotRead(string path, ZipArchiveEntry entry) =>
            Invalid(path, $"has the zip entry '{entry.FullName}', which PyTorch does not read: a .pt file holds its data.pkl, " +
                "version records and the storages data/<key> its tensors use, nothing else");

        private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

        private static InvalidDataException Invalid(string path, string problem) => FileProblem.Invalid(path, problem);
    }
}
