using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Rnn.IO;
using Xunit;

namespace Rnn.Runtime.Tests.IO
{
    [SupportedOSPlatform("linux")]
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
        [Fact]
        public void WriteStream_through_a_relative_symbolic_link_replaces_its_target_and_keeps_the_link()
        {
            string store = Directory.CreateDirectory(Path.Combine(_dir, "store")).FullName;
            string target = Path.Combine(store, "model.weights");
            File.WriteAllBytes(target, new byte[] { 1, 2, 3 });
            string link = Path.Combine(_dir, "link.weights");
            string relative = Path.Combine("store", "model.weights");
            File.CreateSymbolicLink(link, relative);

            AtomicFile.WriteStream(link, s => s.Write(new byte[] { 4, 5 }));

            Assert.Equal(relative, new FileInfo(link).LinkTarget); // still the same link
            Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(target));
            Assert.Equal(new[] { "link.weights", "store" }, Names(_dir));
            Assert.Equal(new[] { "model.weights" }, Names(store)); // the temporary file was made and moved beside the target
        }

        [Fact]
        public void WriteStream_through_an_absolute_symbolic_link_in_another_folder_replaces_its_target_and_keeps_the_link()
        {
            string store = Directory.CreateDirectory(Path.Combine(_dir, "store")).FullName;
            string links = Directory.CreateDirectory(Path.Combine(_dir, "links")).FullName;
            string target = Path.Combine(store, "model.weights");
            File.WriteAllBytes(target, new byte[] { 1, 2, 3 });
            string link = Path.Combine(links, "latest.weights");
            File.CreateSymbolicLink(link, target);

            AtomicFile.WriteStream(link, s => s.Write(new byte[] { 6 }));

            Assert.Equal(target, new FileInfo(link).LinkTarget);
            Assert.Equal(new byte[] { 6 }, File.ReadAllBytes(target));
            Assert.Equal(new[] { "latest.weights" }, Names(links));
            Assert.Equal(new[] { "model.weights" }, Names(store));
        }

        [Fact]
        public void WriteStream_through_a_symbolic_link_to_a_file_not_yet_written_creates_the_target()
        {
            string link = Path.Combine(_dir, "link.weights");
            File.CreateSymbolicLink(link, "first.weights");

            AtomicFile.WriteStream(link, s => s.Write(new byte[] { 7 }));

            Assert.Equal("first.weights", new FileInfo(link).LinkTarget);
            Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(Path.Combine(_dir, "first.weights")));
        }

        [Fact]
        public void WriteStream_to_a_folder_is_refused_naming_it_before_anything_is_written()
        {
            string path = Directory.CreateDirectory(Path.Combine(_dir, "model.weights")).FullName;
            File.WriteAllBytes(Path.Combine(path, "inside"), new byte[] { 1 });
            bool called = false;

            var e = Assert.Throws<ArgumentException>(() => AtomicFile.WriteStream(path, s => called = true));

            Assert.Contains($"'{path}'", e.Message);
            Assert.Contains("is a folder, not a regular file", e.Message);
            Assert.False(called);
            Assert.Equal(new[] { "model.weights" }, Names(_dir));
            Assert.Equal(new[] { "inside" }, Names(path));
        }

        [Fact]
        public void WriteStream_to_a_named_pipe_is_refused_naming_it_before_anything_is_written()
        {
            string path = Path.Combine(_dir, "model.weights");
            Assert.Equal(0, mkfifo(path, Convert.ToUInt32("600", 8)));
            bool called = false;

            var e = Assert.Throws<ArgumentException>(() => AtomicFile.WriteStream(path, s => called = true));

            Assert.Contains($"'{path}'", e.Message);
            Assert.Contains("not a regular file", e.Message);
            Assert.False(called);
            Assert.Equal(UnixFileStatus.Kind.Other, UnixFileStatus.Of(path).Type); // still the pipe
            Assert.Equal(new[] { "model.weights" }, Names(_dir));
        }

        [Fact]
        public void WriteStream_to_a_device_directly_or_through_a_link_is_refused_and_leaves_the_device()
        {
            const string device = "/dev/full"; // as root, an unchecked rename would replace the device node itself
            Assert.Equal(UnixFileStatus.Kind.Other, UnixFileStatus.Of(device).Type);
            string link = Path.Combine(_dir, "link.weights");
            File.CreateSymbolicLink(link, device);
            bool called = false;

            var direct = Assert.Throws<ArgumentException>(() => AtomicFile.WriteStream(device, s => called = true));
            var linked = Assert.Throws<ArgumentException>(() => AtomicFile.WriteStream(link, s => called = true));

            Assert.Contains($"'{device}'", direct.Message);
            Assert.Contains("not a regular file", direct.Message);
            Assert.Contains($"'{link}'", linked.Message);
            Assert.Contains($"'{device}'", linked.Message);
            Assert.False(called);
            Assert.Equal(UnixFileStatus.Kind.Other, UnixFileStatus.Of(device).Type);
            Assert.Equal(device, new FileInfo(link).LinkTarget);
        }

        [Fact]
        public void WriteStream_keeps_files_that_only_look_like_its_temporary_files()
        {
            string path = Path.Combine(_dir, "model.weights");
            string[] others =
            {
                ".model.weights.backup.tmp",                                              // the user's own file
                ".model.weights." + int.MaxValue + ".0123456789abcdef.tmp",               // an earlier version's name: not provably ours
                ".model.weights.0123456789abcdef0123456789abcdef.tmp",
                Path.GetFileName(AtomicFile.TemporaryPath(path, int.MaxValue))[..^20] + "0000000000000000.tmp", // our pattern, a wrong check
            };
            foreach (string name in others) File.WriteAllText(Path.Combine(_dir, name), "the user's");

            AtomicFile.WriteStream(path, s => s.Write(new byte[] { 1 }));

            Assert.Equal(others.Append("model.weights").OrderBy(n => n, StringComparer.Ordinal), Names(_dir));
            Assert.All(others, name => Assert.Equal("the user's", File.ReadAllText(Path.Combine(_dir, name))));
        }

        [Fact]
        public void WriteStream_removes_only_the_temporary_files_of_its_own_target_whose_writer_is_gone()
        {
            string path = Path.Combine(_dir, "model.weights");
            string crashed = AtomicFile.TemporaryPath(path, int.MaxValue);           // no such process
            string live = AtomicFile.TemporaryPath(path, Environment.ProcessId);     // a write in progress
            string otherTarget = AtomicFile.TemporaryPath(Path.Combine(_dir, "other.weights"), int.MaxValue);
            Assert.NotEqual(crashed, AtomicFile.TemporaryPath(path, int.MaxValue)); // a random part in every name
            foreach (string file in new[] { crashed, live, otherTarget }) File.WriteAllText(file, "partial");

            AtomicFile.WriteStream(path, s => s.Write(new byte[] { 1 }));

            Assert.Equal(new[] { live, path, otherTarget }.Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal), Names(_dir));
        }

        private static string[] Names(string folder) =>
            Directory.GetFileSystemEntries(folder).Select(p => Path.GetFileName(p)!).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        [DllImport("libc", SetLastError = true)]
        private static extern int mkfifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
    }
}
