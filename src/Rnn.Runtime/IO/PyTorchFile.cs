using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Rnn.IO
{
    /// <summary>
    /// PyTorch's <c>.pt</c> state-dict files, as <c>torch.save(model.state_dict(), path)</c> writes them: a zip archive
    /// holding a pickled dict (<c>data.pkl</c>) and one entry per tensor storage. TorchSharp.PyBridge does the pickling;
    /// this class checks the archive (structure and every entry's CRC-32) before unpickling, and checks that every
    /// tensor's storage is its own, of exactly the tensor's size.
    /// </summary>
    internal static class PyTorchFile
    {
        /// <summary>Writes <paramref name="tensors"/> as a state dict that <c>torch.load</c> reads.</summary>
        public static void Write(Stream stream, IReadOnlyList<(string Name, Tensor Tensor)> tensors)
        {
            using var scope = NewDisposeScope();
            var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (name, tensor) in tensors) dict.Add(name, tensor.detach().cpu().contiguous());
            PyTorchPickler.PickleStateDict(stream, dict, leaveOpen: true);
        }

        /// <summary>Reads and checks the whole file at <paramref name="path"/>: zip structure, CRCs, and that it holds a dict of tensors.</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is not a PyTorch zip archive, or is truncated, corrupt, or not a state dict of tensors; the message names the file and says which.</exception>
        public static IReadOnlyList<StoredTensor> Read(string path)
        {
            byte[] bytes = WeightsFileBytes.Read(path);
            var entries = ZipIntegrity.Check(path, bytes);
            if (!entries.Any(e => e.Name.EndsWith("data.pkl", StringComparison.Ordinal)))
                throw Invalid(path, "is a zip archive but not a PyTorch file: it has no data.pkl");
            using var scope = NewDisposeScope();
            Hashtable table;
            try
            {
                table = PyTorchUnpickler.UnpickleStateDict(new MemoryStream(bytes, writable: false));
            }
            catch (Exception e) when (e is not OutOfMemoryException and not InvalidDataException)
            {
                throw Invalid(path, $"is not a PyTorch state dict that Rnn can read: {e.Message}", e);
            }
            var stored = ToStored(path, table);
            CheckStorages(path, entries, stored);
            return stored;
        }

        /// <summary>The tensors of a state dict, sorted by name so that messages about them do not depend on hashing.</summary>
        private static List<StoredTensor> ToStored(string path, Hashtable table)
        {
            var stored = new List<StoredTensor>();
            foreach (DictionaryEntry entry in table)
            {
                string name = entry.Key as string ?? throw Invalid(path, $"is not a state dict: it has the key {entry.Key} ({entry.Key?.GetType().Name}), not a tensor name");
                if (entry.Value is not Tensor tensor)
                    throw Invalid(path, $"is not a state dict: '{name}' holds a {entry.Value?.GetType().Name ?? "null"}, not a tensor " +
                        "(a checkpoint dict? save model.state_dict() itself)");
                using var cpu = tensor.contiguous();
                byte[] data = cpu.numel() == 0 ? Array.Empty<byte>() : cpu.bytes.ToArray();
                stored.Add(new StoredTensor(name, cpu.dtype, cpu.shape, new ArraySegment<byte>(data)));
            }
            stored.Sort((a, b) => StringComparer.Ordinal.Compare(a.Name, b.Name));
            return stored;
        }

        /// <summary>
        /// Each tensor must have its own storage entry of exactly its size: tensors that share a storage, or views into
        /// a larger one, are not read correctly and are refused.
        /// </summary>
        private static void CheckStorages(string path, (string Name, long Length)[] entries, List<StoredTensor> stored)
        {
            var storages = entries.Where(e => IsStorage(e.Name)).Select(e => e.Length).OrderBy(n => n).ToList();
            var needed = stored.Select(s => (long)s.Data.Count).OrderBy(n => n).ToList();
            if (!storages.SequenceEqual(needed))
                throw Invalid(path, $"has {storages.Count} tensor storages of {storages.Sum()} bytes for {needed.Count} tensors of {needed.Sum()} bytes: " +
                    "its tensors share storage or are views of larger ones. Save a copy of each: " +
                    "torch.save({k: v.clone() for k, v in model.state_dict().items()}, path)");
        }

        private static bool IsStorage(string entryName)
        {
            int slash = entryName.LastIndexOf('/');
            return slash >= 5 && entryName.AsSpan(0, slash).EndsWith("/data", StringComparison.Ordinal);
        }

        private static InvalidDataException Invalid(string path, string problem, Exception? inner = null) =>
            new($"The weights file '{path}' {problem}.", inner);
    }
}
