using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Rnn.IO
{
    /// <summary>
    /// PyTorch's <c>.pt</c> state-dict files, as <c>torch.save(model.state_dict(), path)</c> writes them: a zip archive
    /// holding a pickled dict (<c>data.pkl</c>) and one entry per tensor storage. TorchSharp.PyBridge writes them. Rnn
    /// reads them itself, as PyTorch does: the archive is resolved as PyTorch resolves it (<see cref="PyTorchArchive"/>),
    /// the pickle is read without running anything and within fixed bounds (<see cref="PyTorchPickle"/>), every entry
    /// must match its CRC-32, and each tensor is taken from its storage with its offset and strides, so views,
    /// transposed tensors and tensors that share a storage load with PyTorch's values.
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

        /// <summary>Reads and checks the whole file at <paramref name="path"/> (see <see cref="Parse"/>), with no limit but an array's.</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="ArgumentException">The path is not a regular file.</exception>
        /// <exception cref="InvalidDataException">The file is not a PyTorch state dict that Rnn reads; the message names the file and says why.</exception>
        public static IReadOnlyList<StoredTensor> Read(string path) => Parse(path, RegularFile.ReadAllBytes(path, "weights file"), ReadLimit.None);

        /// <summary>
        /// Checks and parses <paramref name="bytes"/>, the contents of <paramref name="path"/>: zip structure, layout,
        /// pickle, CRCs, and that it holds a dict of tensors; their values stay in the inflated storages where they are
        /// contiguous. The tensors are sorted by name so that messages about them do not depend on the file's order.
        /// </summary>
        /// <exception cref="InvalidDataException">The bytes are not a PyTorch zip archive, or are truncated, corrupt, laid
        /// out otherwise than PyTorch reads them, not a state dict of tensors, or more than <paramref name="limit"/> allows.</exception>
        public static IReadOnlyList<StoredTensor> Parse(string path, byte[] bytes, ReadLimit limit)
        {
            using var zip = ZipIntegrity.Open(path, bytes);
            var archive = PyTorchArchive.Resolve(path, zip);
            var tensors = PyTorchPickle.ReadStateDict(archive.ReadPickle(), problem => Invalid(path, problem));
            archive.CheckRecords();
            CheckValueBytes(path, tensors, limit);
            var storages = archive.ReadStorages(tensors.Select(t => t.Tensor.Storage).DistinctBy(s => s.Key).ToList(), limit);
            return tensors
                .Select(t => Stored(path, t.Name, t.Tensor, storages[t.Tensor.Storage.Key]))
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>The tensors' values, once taken from their storages, must fit <paramref name="limit"/>: a view repeated many times could not.</summary>
        private static void CheckValueBytes(string path, List<(string Name, PickledTensor Tensor)> tensors, ReadLimit limit)
        {
            long total = 0;
            foreach (var (name, tensor) in tensors)
            {
                long bytes = Bytes(tensor);
                if (bytes > limit.Bytes - total)
                    throw Invalid(path, $"holds tensors whose values take more than {limit.Description} (passed at '{name}')");
                total += bytes;
            }
        }

        /// <summary>
        /// Tensor <paramref name="name"/>'s values from its storage's bytes: a slice of them where the tensor is
        /// contiguous, otherwise a copy that applies the strides, as <c>torch.load</c> does. A view whose elements
        /// overlap (a stride of 0, as <c>expand()</c> makes) would take more bytes than its storage and is refused.
        /// </summary>
        private static StoredTensor Stored(string path, string name, PickledTensor tensor, byte[] storage)
        {
            int size = WeightsFile.ElementSize(tensor.Storage.Type);
            long bytes = Bytes(tensor);
            if (bytes == 0) return new StoredTensor(name, tensor.Storage.Type, tensor.Shape, ArraySegment<byte>.Empty);
            if (IsContiguous(tensor.Shape, tensor.Stride))
                return new StoredTensor(name, tensor.Storage.Type, tensor.Shape, new ArraySegment<byte>(storage, checked((int)(tensor.Offset * size)), (int)bytes));
            if (bytes > storage.Length)
                throw Invalid(path, $"holds the tensor '{name}' of size {Rnn.Shape.Format(tensor.Shape)} with strides {Rnn.Shape.Format(tensor.Stride)}, " +
                    $"whose elements overlap (more of them than its storage has); save a copy of it: tensor.contiguous()");
            return new StoredTensor(name, tensor.Storage.Type, tensor.Shape, Gather(tensor, storage, size, bytes / size));
        }

        /// <summary>The elements of a strided view, in row-major order.</summary>
        private static byte[] Gather(PickledTensor tensor, byte[] storage, int size, long elements)
        {
            var data = new byte[elements * size];
            var index = new long[tensor.Shape.Length];
            long source = tensor.Offset;
            for (long e = 0; e < elements; e++)
            {
                Buffer.BlockCopy(storage, (int)(source * size), data, (int)(e * size), size);
                for (int d = index.Length - 1; d >= 0; d--)
                {
                    source += tensor.Stride[d];
                    if (++index[d] < tensor.Shape[d]) break;
                    source -= tensor.Stride[d] * tensor.Shape[d];
                    index[d] = 0;
                }
            }
            return data;
        }

        /// <summary>Whether a view with these sizes and strides lays its elements out row-major without gaps (dimensions of size 1 may have any stride).</summary>
        private static bool IsContiguous(long[] shape, long[] stride)
        {
            long expected = 1;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (shape[d] != 1 && stride[d] != expected) return false;
                expected *= shape[d];
            }
            return true;
        }

        /// <summary>The bytes a tensor's values take; long.MaxValue when that overflows.</summary>
        private static long Bytes(PickledTensor tensor)
        {
            try
            {
                return tensor.Shape.Aggregate((long)WeightsFile.ElementSize(tensor.Storage.Type), (n, d) => checked(n * d));
            }
            catch (OverflowException)
            {
                return long.MaxValue;
            }
        }

        private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

        private static InvalidDataException Invalid(string path, string problem) => FileProblem.Invalid(path, problem);
    }
}
