using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Rnn.Runtime.Tests.Training;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.IO
{
    /// <summary>One tensor of a crafted <c>.pt</c> pickle: a view of the storage <c>data/{Key}</c> of <paramref name="StorageElements"/> values.</summary>
    internal sealed record PickleTensor(string Name, string Key, long StorageElements, long Offset, long[] Shape, long[] Stride, string StorageType = "FloatStorage");

    /// <summary>
    /// Crafted weights files, made in memory: <c>.pt</c> archives with a pickle written opcode by opcode as
    /// <c>torch.save</c> writes it (protocol 2), with whatever layout, strides or opcodes a test needs; and the
    /// catalogue of hostile files that the child-process test measures (<see cref="WriteCatalogue"/>).
    /// </summary>
    internal static class HostileFiles
    {
        /// <summary>The model every crafted file is for: a small <see cref="TestRnn"/>.</summary>
        public static TestRnn Model(long seed = 1) => new(units: 8, seed: seed);

        /// <summary>A zip archive of <paramref name="entries"/> in this order, with correct CRCs; <paramref name="level"/> for each.</summary>
        public static byte[] Zip(IEnumerable<(string Name, byte[] Data)> entries, CompressionLevel level = CompressionLevel.NoCompression) =>
            Zip(entries.Select(e => (e.Name, (Action<Stream>)(s => s.Write(e.Data)))), level);

        /// <summary>A zip archive whose entries are written by callbacks (to stream large ones).</summary>
        public static byte[] Zip(IEnumerable<(string Name, Action<Stream> Write)> entries, CompressionLevel level)
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (name, write) in entries)
                {
                    using var stream = zip.CreateEntry(name, level).Open();
                    write(stream);
                }
            }
            return buffer.ToArray();
        }

        /// <summary>The entries of a <c>.pt</c> file of <paramref name="model"/>'s weights as <c>torch.save</c> lays them out: <c>archive/data.pkl</c>, <c>archive/data/{i}</c>, <c>archive/version</c>.</summary>
        public static List<(string Name, byte[] Data)> Entries(RnnModel model)
        {
            using var scope = NewDisposeScope();
            var state = model.state_dict().ToList();
            var tensors = state.Select((e, i) => new PickleTensor(e.Key, i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                e.Value.numel(), 0, e.Value.shape, Strides(e.Value.shape))).ToList();
            var entries = new List<(string, byte[])> { ("archive/data.pkl", StateDictPickle(tensors)) };
            for (int i = 0; i < state.Count; i++) entries.Add(($"archive/data/{i}", state[i].Value.contiguous().bytes.ToArray()));
            entries.Add(("archive/version", Encoding.ASCII.GetBytes("3\n")));
            return entries;
        }

        /// <summary>Row-major strides of <paramref name="shape"/>.</summary>
        public static long[] Strides(long[] shape)
        {
            var strides = new long[shape.Length];
            long step = 1;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                strides[d] = step;
                step *= shape[d];
            }
            return strides;
        }

        /// <summary><paramref name="entries"/> with <paramref name="name"/>'s data replaced.</summary>
        public static List<(string Name, byte[] Data)> With(List<(string Name, byte[] Data)> entries, string name, byte[] data) =>
            entries.Select(e => e.Name == name ? (e.Name, data) : e).ToList();

        /// <summary>A state dict pickle as <c>torch.save</c> writes it: a dict of <c>_rebuild_tensor_v2</c> calls on persistent storages.</summary>
        public static byte[] StateDictPickle(IEnumerable<PickleTensor> tensors)
        {
            var pickle = new PickleBuilder();
            pickle.Raw(0x80, 2).Raw('}').Raw('(');
            foreach (var t in tensors)
            {
                pickle.Text(t.Name).Global("torch._utils", "_rebuild_tensor_v2").Raw('(');
                pickle.Raw('(').Text("storage").Global("torch", t.StorageType).Text(t.Key).Text("cpu").Int(t.StorageElements).Raw('t').Raw('Q');
                pickle.Int(t.Offset).Tuple(t.Shape).Tuple(t.Stride).Raw(0x89);
                pickle.Global("collections", "OrderedDict").Raw(')').Raw('R');
                pickle.Raw('t').Raw('R');
            }
            return pickle.Raw('u').Raw('.').ToArray();
        }

        /// <summary>The bytes of a crafted <c>.pt</c> file of a valid state dict for <see cref="Model"/>, then changed by <paramref name="change"/>.</summary>
        public static byte[] Pt(Func<List<(string Name, byte[] Data)>, IEnumerable<(string Name, byte[] Data)>>? change = null)
        {
            using var model = Model();
            var entries = Entries(model);
            return Zip(change is null ? entries : change(entries));
        }

        /// <summary>Writes pickle opcodes.</summary>
        internal sealed class PickleBuilder
        {
            private readonly MemoryStream _bytes = new();

            public PickleBuilder Raw(params int[] bytes)
            {
                foreach (int b in bytes) _bytes.WriteByte((byte)b);
                return this;
            }

            public PickleBuilder Raw(char opcode) => Raw((int)opcode);

            public PickleBuilder Text(string text)
            {
                byte[] utf8 = Encoding.UTF8.GetBytes(text);
                Raw('X').Int32(utf8.Length);
                _bytes.Write(utf8);
                return this;
            }

            public PickleBuilder Global(string module, string name)
            {
                Raw('c');
                _bytes.Write(Encoding.ASCII.GetBytes(module + "\n" + name + "\n"));
                return this;
            }

            public PickleBuilder Int(long value)
            {
                if (value is >= int.MinValue and <= int.MaxValue) return Raw('J').Int32((int)value);
                Raw(0x8a, 8);
                Span<byte> bytes = stackalloc byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
                _bytes.Write(bytes);
                return this;
            }

            public PickleBuilder Tuple(long[] values)
            {
                Raw('(');
                foreach (long v in values) Int(v);
                return Raw('t');
            }

            public PickleBuilder Int32(int value)
            {
                Span<byte> bytes = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
                _bytes.Write(bytes);
                return this;
            }

            public byte[] ToArray() => _bytes.ToArray();
        }

        /// <summary>
        /// Writes the hostile weights files into <paramref name="dir"/> and returns their paths: each must be refused
        /// quickly and without much memory. Special files (a named pipe, links to devices, a folder) come in every format.
        /// </summary>
        public static IReadOnlyList<string> WriteCatalogue(string dir)
        {
            var files = new List<string>();
            void Add(string name, byte[] bytes)
            {
                string path = Path.Combine(dir, name);
                File.WriteAllBytes(path, bytes);
                files.Add(path);
            }
            Add("opcode-bomb.pt", PickleBomb(400_000_000)); // issue 19: 13.8 GB and 84 s before it was refused
            Add("value-bomb.pt", PickleBomb(7_000_000));
            Add("huge-string.pt", Pt(e => With(e, "archive/data.pkl", HugeStringPickle())));
            Add("inflation-bomb.pt", InflationBomb(300_000_000));
            Add("decoy.pt", Pt(Decoy));
            Add("bad-stride.pt", Pt(e => With(e, "archive/data.pkl", BadStridePickle())));
            Add("overflow.safetensors", OverflowSafetensors());
            foreach (string extension in new[] { "pt", "safetensors", "weights" })
            {
                string fifo = Path.Combine(dir, "fifo." + extension);
                MakeFifo(fifo);
                files.Add(fifo);
                foreach (string device in new[] { "/dev/zero", "/dev/urandom" })
                {
                    string link = Path.Combine(dir, Path.GetFileName(device) + "." + extension);
                    File.CreateSymbolicLink(link, device);
                    files.Add(link);
                }
                string folder = Path.Combine(dir, "folder." + extension);
                Directory.CreateDirectory(folder);
                files.Add(folder);
            }
            return files;
        }

        /// <summary>A valid archive whose data.pkl is <c>\x80\x02}(</c>, <paramref name="count"/> <c>N</c> opcodes, <c>u.</c> (issue 19's 394 KB file had 400 million), deflated.</summary>
        public static byte[] PickleBomb(int count)
        {
            using var model = Model();
            var entries = Entries(model);
            var pickle = (Name: "archive/data.pkl", Write: (Action<Stream>)(s =>
            {
                s.Write(new byte[] { 0x80, 2, (byte)'}', (byte)'(' });
                var chunk = Enumerable.Repeat((byte)'N', 1 << 20).ToArray();
                for (int left = count; left > 0; left -= chunk.Length) s.Write(chunk, 0, Math.Min(left, chunk.Length));
                s.Write(new byte[] { (byte)'u', (byte)'.' });
            }));
            var rest = entries.Skip(1).Select(e => (e.Name, (Action<Stream>)(s => s.Write(e.Data))));
            return Zip(new[] { pickle }.Concat(rest), CompressionLevel.Optimal);
        }

        /// <summary>A pickle whose first string claims 0x7FFFFFF0 bytes (issue 19: OutOfMemoryException before).</summary>
        public static byte[] HugeStringPickle() => new PickleBuilder().Raw(0x80, 2).Raw('}').Raw('(').Raw('X').Int32(0x7FFFFFF0).Raw('a', 'b').ToArray();

        /// <summary>A valid state dict but for a storage declared as <paramref name="bytes"/> bytes of zeros, which deflate to a small file.</summary>
        public static byte[] InflationBomb(int bytes)
        {
            using var model = Model();
            var entries = Entries(model);
            var tensors = new List<PickleTensor>();
            using (var scope = NewDisposeScope())
            {
                int i = 0;
                foreach (var (name, tensor) in model.state_dict())
                {
                    long elements = i == 0 ? bytes / 4 : tensor.numel();
                    tensors.Add(new PickleTensor(name, (i++).ToString(System.Globalization.CultureInfo.InvariantCulture), elements, 0, tensor.shape, Strides(tensor.shape)));
                }
            }
            var written = entries.Select(e => (e.Name, e.Name switch
            {
                "archive/data.pkl" => (Action<Stream>)(s => s.Write(StateDictPickle(tensors))),
                "archive/data/0" => s => { var zeros = new byte[1 << 20]; for (int left = bytes; left > 0; left -= zeros.Length) s.Write(zeros, 0, Math.Min(left, zeros.Length)); },
                _ => s => s.Write(e.Data),
            }));
            return Zip(written, CompressionLevel.Optimal);
        }

        /// <summary>The archive with an extra entry <c>archive/xdata/{key}</c> before the real storage of the last tensor (issue 19: its values were loaded).</summary>
        public static IEnumerable<(string Name, byte[] Data)> Decoy(List<(string Name, byte[] Data)> entries)
        {
            var storage = entries.Last(e => e.Name.StartsWith("archive/data/", StringComparison.Ordinal));
            string key = storage.Name["archive/data/".Length..];
            var decoy = (Name: $"archive/xdata/{key}", Data: MemoryMarshal.AsBytes(Enumerable.Repeat(1000f, storage.Data.Length / 4).ToArray().AsSpan()).ToArray());
            return entries.SelectMany(e => e.Name == storage.Name ? new[] { decoy, e } : new[] { e });
        }

        /// <summary>A pickle for <see cref="Model"/> whose first tensor has strides of <paramref name="stride"/>, reaching far beyond its storage.</summary>
        public static byte[] BadStridePickle(long stride = 1L << 40)
        {
            using var model = Model();
            using var scope = NewDisposeScope();
            return StateDictPickle(model.state_dict().Select((e, i) => new PickleTensor(e.Key, i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                e.Value.numel(), 0, e.Value.shape, i == 0 ? e.Value.shape.Select(_ => stride).ToArray() : Strides(e.Value.shape))));
        }

        /// <summary>A safetensors file whose tensor of 2^62+3 floats claims 12 bytes: (2^62+3)·4 wraps to 12 in 64 bits.</summary>
        public static byte[] OverflowSafetensors()
        {
            byte[] header = Encoding.UTF8.GetBytes("{\"dense.bias\":{\"dtype\":\"F32\",\"shape\":[4611686018427387907],\"data_offsets\":[0,12]}}");
            var bytes = new byte[8 + header.Length + 12];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
            header.CopyTo(bytes, 8);
            return bytes;
        }

        /// <summary>Creates a named pipe (FIFO) at <paramref name="path"/>.</summary>
        public static void MakeFifo(string path)
        {
            if (mkfifo(path, Convert.ToUInt32("600", 8)) != 0) throw new IOException($"mkfifo {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int mkfifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
    }
}
