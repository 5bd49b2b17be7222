using System;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Rnn.IO
{
    /// <summary>
    /// Opens files for reading only when they are regular files, so that a named pipe cannot block a read forever and a
    /// link to <c>/dev/zero</c> cannot feed it endless bytes. On Linux the file is opened without blocking
    /// (<c>O_NONBLOCK</c>, which a named pipe needs) and its type and size are taken from the open handle
    /// (<c>statx</c>), so the file checked is the file read, whatever its path names meanwhile.
    /// </summary>
    /// <remarks>
    /// A folder, named pipe, device or socket is refused with an <see cref="ArgumentException"/> that names the path
    /// (and a link's target) and says what it is; a missing file with a <see cref="FileNotFoundException"/>.
    /// </remarks>
    internal sealed class RegularFile : IDisposable
    {
        private const int ReadOnly = 0;
        private const int NoControllingTerminal = 0x100;
        private const int NonBlocking = 0x800;
        private const int CloseOnExec = 0x80000;
        private const int NoSuchFile = 2, NotADirectory = 20;

        private readonly SafeFileHandle _handle;
        private readonly string _noun;

        private RegularFile(string path, string noun, SafeFileHandle handle, long length)
        {
            Path = path;
            _noun = noun;
            _handle = handle;
            Length = length;
        }

        /// <summary>The path as the caller gave it, for messages.</summary>
        public string Path { get; }

        /// <summary>The size of the open file, in bytes.</summary>
        public long Length { get; }

        /// <summary>Opens <paramref name="path"/> for reading if it is a regular file (or a link to one).</summary>
        /// <param name="path">The file.</param>
        /// <param name="noun">What messages call the file, e.g. <c>weights file</c>.</param>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="ArgumentException">The path is a folder, a named pipe, a device or a socket.</exception>
        public static RegularFile Open(string path, string noun)
        {
            var handle = OperatingSystem.IsLinux() ? OpenOnLinux(path, noun) : OpenElsewhere(path, noun);
            try
            {
                long length = OperatingSystem.IsLinux() ? CheckRegular(path, noun, handle) : RandomAccess.GetLength(handle);
                return new RegularFile(path, noun, handle, length);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }

        /// <summary>The contents of the regular file <paramref name="path"/>, if it has at most <paramref name="maxBytes"/> bytes.</summary>
        /// <param name="path">The file.</param>
        /// <param name="noun">What messages call the file, e.g. <c>weights file</c>.</param>
        /// <param name="maxBytes">The largest file read; a larger one is refused before any byte is read.</param>
        /// <param name="limit">What the limit is, for the message, e.g. <c>the 1,000 bytes a file may have</c>; null for the default.</param>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="ArgumentException">The path is not a regular file.</exception>
        /// <exception cref="InvalidDataException">The file is larger than <paramref name="maxBytes"/>, or changed size while it was read.</exception>
        public static byte[] ReadAllBytes(string path, string noun, long maxBytes = int.MaxValue, string? limit = null)
        {
            using var file = Open(path, noun);
            long cap = Math.Min(maxBytes, Array.MaxLength);
            if (file.Length > cap)
                throw new InvalidDataException($"The {noun} '{path}' has {Count(file.Length)} bytes, more than {limit ?? $"the {Count(cap)} bytes Rnn reads"}.");
            return file.ReadAllBytes();
        }

        /// <summary>A read-only stream of <paramref name="path"/>, if it is a regular file; it owns the file.</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="ArgumentException">The path is not a regular file.</exception>
        public static FileStream OpenRead(string path, string noun) => Open(path, noun).ToStream();

        /// <summary>Every byte of the file: exactly <see cref="Length"/> of them.</summary>
        /// <exception cref="InvalidDataException">The file grew or shrank while it was read.</exception>
        public byte[] ReadAllBytes()
        {
            var bytes = new byte[Length];
            int read = 0;
            while (read < bytes.Length)
            {
                int n = RandomAccess.Read(_handle, bytes.AsSpan(read), read);
                if (n == 0) break;
                read += n;
            }
            Span<byte> more = stackalloc byte[1];
            if (read < bytes.Length || RandomAccess.Read(_handle, more, read) != 0)
                throw new InvalidDataException($"The {_noun} '{Path}' changed while it was read: it had {Count(Length)} bytes when opened. Read it again once it is written.");
            return bytes;
        }

        /// <summary>A stream over the file that owns its handle: dispose the stream, not this object.</summary>
        public FileStream ToStream() => new(_handle, FileAccess.Read, bufferSize: 4096);

        /// <summary>Closes the file.</summary>
        public void Dispose() => _handle.Dispose();

        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        private static SafeFileHandle OpenOnLinux(string path, string noun)
        {
            int fd = open(path, ReadOnly | NonBlocking | CloseOnExec | NoControllingTerminal);
            if (fd >= 0) return new SafeFileHandle(fd, ownsHandle: true);
            int errno = Marshal.GetLastPInvokeError();
            if (errno is NoSuchFile or NotADirectory) throw Missing(path, noun);
            string? kind = KindOf(path);
            if (kind is not null) throw NotRegular(path, noun, kind); // e.g. a socket, which cannot be opened at all
            string reason = new Win32Exception(errno).Message;
            throw errno == 13 ? new UnauthorizedAccessException($"The {noun} '{path}' cannot be read: {reason}.")
                : new IOException($"The {noun} '{path}' cannot be opened: {reason} (errno {errno}).");
        }

        /// <summary>Refuses anything but a regular file; returns the file's size, both taken from the open handle.</summary>
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        private static long CheckRegular(string path, string noun, SafeFileHandle handle)
        {
            var status = UnixFileStatus.Of(handle, path);
            if (status.Type != UnixFileStatus.Kind.RegularFile) throw NotRegular(path, noun, Describe(status.Type));
            return status.Size;
        }

        private static SafeFileHandle OpenElsewhere(string path, string noun)
        {
            if (Directory.Exists(path)) throw NotRegular(path, noun, "a folder");
            try
            {
                return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw Missing(path, noun);
            }
        }

        /// <summary>What <paramref name="path"/> names when it is not a regular file; null when it is one or cannot be examined.</summary>
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        private static string? KindOf(string path)
        {
            try
            {
                var type = UnixFileStatus.OfTarget(path).Type;
                return type == UnixFileStatus.Kind.RegularFile ? null : Describe(type);
            }
            catch (IOException)
            {
                return null;
            }
        }

        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        private static string Describe(UnixFileStatus.Kind type) => type switch
        {
            UnixFileStatus.Kind.Directory => "a folder",
            UnixFileStatus.Kind.NamedPipe => "a named pipe (FIFO)",
            UnixFileStatus.Kind.CharacterDevice => "a character device",
            UnixFileStatus.Kind.BlockDevice => "a block device",
            UnixFileStatus.Kind.Socket => "a socket",
            _ => "a special file",
        };

        private static FileNotFoundException Missing(string path, string noun) => new($"The {noun} '{path}' does not exist.", path);

        private static ArgumentException NotRegular(string path, string noun, string kind)
        {
            string? target = null;
            try
            {
                target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName;
            }
            catch (IOException)
            {
                // A broken or looping link: name the path only.
            }
            string what = target is null ? $"is {kind}" : $"links to '{target}', which is {kind}";
            return new ArgumentException($"The {noun} '{path}' {what}, not a regular file; give the path of a file.", "path");
        }

        private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

        [DllImport("libc", SetLastError = true)]
        private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
    }
}
