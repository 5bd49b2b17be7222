using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Rnn.Data;
using Xunit;

namespace Rnn.Runtime.Tests.Data
{
    public sealed class IdxFileTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-idx-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [Theory]
        [InlineData("images.idx")]
        [InlineData("images.idx.gz")]
        public void RoundTrip_KeepsDimensionsAndValues(string name)
        {
            var values = new byte[3 * 4 * 5];
            for (int i = 0; i < values.Length; i++) values[i] = (byte)(i * 7);
            string path = Path.Combine(_dir, name);

            IdxFile.Write(path, new IdxData(new[] { 3, 4, 5 }, values));
            var read = IdxFile.Read(path);

            Assert.Equal(new[] { 3, 4, 5 }, read.Dimensions);
            Assert.Equal(values, read.Values);
            byte[] onDisk = File.ReadAllBytes(path);
            bool gzip = onDisk[0] == 0x1f && onDisk[1] == 0x8b;
            Assert.Equal(name.EndsWith(".gz", StringComparison.Ordinal), gzip);
            if (!gzip) Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5 }, onDisk[..16]);
            Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        }

        [Fact]
        public void Read_DetectsGzipByMagicBytes_NotByName()
        {
            string gz = Path.Combine(_dir, "labels.gz"), plainName = Path.Combine(_dir, "labels-idx1-ubyte");
            IdxFile.Write(gz, new IdxData(new[] { 4 }, new byte[] { 1, 2, 3, 4 }));
            File.Copy(gz, plainName);

            Assert.Equal(new byte[] { 1, 2, 3, 4 }, IdxFile.Read(plainName).Values);
        }

        [Fact]
        public void Read_MissingFile_ThrowsFileNotFoundWithPath()
        {
            string path = Path.Combine(_dir, "nope");
            var e = Assert.Throws<FileNotFoundException>(() => IdxFile.Read(path));
            Assert.Contains(path, e.Message);
            Assert.Equal(path, e.FileName);
        }

        [Theory]
        [InlineData(new byte[0], "too short for an IDX header: 0 bytes")]
        [InlineData(new byte[] { 0x50, 0x4b, 3, 4, 0, 0 }, "is not an IDX file: magic number 0x504B0304")]
        [InlineData(new byte[] { 0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0 }, "holds type 0x0D")]
        [InlineData(new byte[] { 0, 0, 8, 3, 0, 0, 0, 2, 0, 0 }, "truncated in its header: 3 dimensions need 16 header bytes, but the file has 10")]
        [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 5, 1, 2, 3 }, "dimensions [5], which need 5 data bytes, but it has 3 (the file is truncated)")]
        [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3 }, "need 2 data bytes, but it has 3 (extra bytes after the data)")]
        [InlineData(new byte[] { 0, 0, 8, 1, 0xff, 0xff, 0xff, 0xff }, "negative size -1 for dimension 0")]
        public void Read_MalformedFile_ThrowsInvalidDataNamingPathAndProblem(byte[] content, string expected)
        {
            string path = Path.Combine(_dir, "bad-idx");
            File.WriteAllBytes(path, content);

            var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));

            Assert.Contains(path, e.Message);
            Assert.Contains(expected, e.Message);
        }

        [Fact]
        public void Read_TruncatedGzip_ThrowsInvalidData()
        {
            string gz = Path.Combine(_dir, "data.gz");
            IdxFile.Write(gz, new IdxData(new[] { 1000 }, new byte[1000]));
            byte[] bytes = File.ReadAllBytes(gz);
            File.WriteAllBytes(gz, bytes[..(bytes.Length / 2)]);

            var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(gz));

            Assert.Contains(gz, e.Message);
            Assert.Contains("truncated in its header: 1 dimensions need 8 header bytes, but the decompressed data has", e.Message);
        }

        private static byte[] Gzip(params byte[][] parts)
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
                foreach (byte[] part in parts) gzip.Write(part);
            return buffer.ToArray();
        }

        [Fact]
        public void Read_GzipBomb_IsRejectedAfterTheDeclaredBytes_WithoutInflatingTheRest()
        {
            // Declares [10, 28, 28] (7840 bytes) but inflates to 7840 + 256 MiB.
            byte[] header = { 0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28 };
            var zeros = new byte[1 << 20];
            var parts = new[] { header, new byte[7840] }.Concat(Enumerable.Repeat(zeros, 256)).ToArray();
            string path = Path.Combine(_dir, "bomb.gz");
            File.WriteAllBytes(path, Gzip(parts));
            Assert.True(new FileInfo(path).Length < (2 << 20), "the bomb is small on disk");

            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Contains($"'{path}' has dimensions [10, 28, 28], which need 7840 data bytes, but the decompressed data has more (extra bytes after the data; the rest was not decompressed)", e.Message);
            Assert.True(allocated < (8 << 20), $"reading allocated {allocated} bytes");
        }

        [Fact]
        public void Read_GzipDeclaringHugeDimensionsButHoldingLittle_AllocatesOnlyWhatArrives()
        {
            byte[] header = { 0, 0, 8, 1, 0x7f, 0xff, 0xff, 0xc7 }; // [Array.MaxLength]
            string path = Path.Combine(_dir, "claims.gz");
            File.WriteAllBytes(path, Gzip(header, new byte[100]));

            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Contains("but the decompressed data has 100 (the file is truncated)", e.Message);
            Assert.True(allocated < (8 << 20), $"reading allocated {allocated} bytes");
        }

        [Theory]
        [InlineData(new byte[] { 0, 0, 8, 3, 0x40, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 16 }, "[1073741824, 1073741824, 16]")] // 2^64: wrapped to 0
        [InlineData(new byte[] { 0, 0, 8, 2, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 2 }, "[2147483647, 2]")]
        public void Read_DimensionsWhoseProductOverflows_AreRejected(byte[] content, string dims)
        {
            string path = Path.Combine(_dir, "huge-idx");
            File.WriteAllBytes(path, content);

            var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));

            Assert.Contains($"'{path}' has dimensions {dims}, which describe more than {Array.MaxLength} values", e.Message);
            var ctor = Assert.Throws<ArgumentException>(() => new IdxData(new[] { 1 << 30, 1 << 30, 16 }, Array.Empty<byte>()));
            Assert.Contains("describe more values than an array can hold", ctor.Message);
        }

        [Theory]
        [InlineData(new byte[] { 0x1f, 0x8b })]
        [InlineData(new byte[] { 0x1f, 0x8b, 0x08 })]
        [InlineData(new byte[] { 0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 3, 0, 0, 0, 0, 0, 0 })]
        public void Read_GzipMagicButTooShort_ThrowsInvalidDataNamingPath(byte[] content)
        {
            string path = Path.Combine(_dir, "short.gz");
            File.WriteAllBytes(path, content);

            var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));

            Assert.Contains(path, e.Message);
            Assert.Contains($"it has {content.Length} bytes, fewer than the 18 of an empty gzip stream", e.Message);
        }

        [Fact]
        public void IdxData_ValueCountMismatch_ThrowsArgumentException()
        {
            var e = Assert.Throws<ArgumentException>(() => new IdxData(new[] { 2, 3 }, new byte[5]));
            Assert.Equal("values", e.ParamName);
            Assert.Contains("[2, 3] need 6 values, but 5 were given", e.Message);
        }

        [Fact]
        public void Write_GzipOutputIsDeterministic()
        {
            string a = Path.Combine(_dir, "a.gz"), b = Path.Combine(_dir, "b.gz");
            var data = new IdxData(new[] { 2, 2 }, new byte[] { 1, 2, 3, 4 });
            IdxFile.Write(a, data);
            IdxFile.Write(b, data);
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
            using var gzip = new GZipStream(File.OpenRead(a), CompressionMode.Decompress);
            Assert.Equal(0, gzip.ReadByte());
        }
    }
}
