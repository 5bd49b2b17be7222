using System;
using System.IO;
using System.Linq;
using Rnn.IO;
using Xunit;

namespace Rnn.Runtime.Tests.IO
{
    public sealed class AtomicFileTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-atomic-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [Fact]
        public void WriteStream_ReplacesTheFile_AndLeavesNoTemporaryFile()
        {
            string path = Path.Combine(_dir, "sub", "data.bin");
            AtomicFile.WriteStream(path, s => s.Write(new byte[] { 1, 2, 3 }));
            AtomicFile.WriteStream(path, s => s.Write(new byte[] { 4, 5 }));

            Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(path));
            Assert.Equal(new[] { "data.bin" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }

        [Fact]
        public void WriteStream_ThatThrowsMidway_LeavesTheOldFileAndNoTemporaryFile()
        {
            string path = Path.Combine(_dir, "data.bin");
            var old = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
            File.WriteAllBytes(path, old);

            var e = Assert.Throws<IOException>(() => AtomicFile.WriteStream(path, s =>
            {
                s.Write(new byte[100_000]); // more than the FileStream buffer, so part of it reaches the temporary file
                throw new IOException("disk full");
            }));

            Assert.Equal("disk full", e.Message);
            Assert.Equal(old, File.ReadAllBytes(path));
            Assert.Equal(new[] { "data.bin" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
        }

        [Fact]
        public void WriteStream_WhoseWriterClosesTheStream_FailsAndKeepsTheOldFile()
        {
            // Flushing to disk needs the stream open; a writer that closes it must not silently skip that.
            string path = Path.Combine(_dir, "data.bin");
            File.WriteAllBytes(path, new byte[] { 9 });

            Assert.Throws<ObjectDisposedException>(() => AtomicFile.WriteStream(path, s =>
            {
                s.Write(new byte[] { 1, 2 });
                s.Dispose();
            }));

            Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(path));
            Assert.Equal(new[] { "data.bin" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
        }
    }
}
