using System;
using System.IO;
using System.IO.Compression;
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
            Assert.Contains("cannot be decompressed", e.Message);
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
