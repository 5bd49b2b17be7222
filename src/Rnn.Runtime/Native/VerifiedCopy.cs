using System;
using System.IO;
using System.Security.Cryptography;
using Rnn.IO;

namespace Rnn.Native
{
    /// <summary>
    /// An open file whose contents were checked against a SHA-256 hash through this very handle. Loading through
    /// <see cref="LoadPath"/> loads the verified file even if its name is later pointed at another file.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    internal sealed class VerifiedCopy : IDisposable
    {
        /// <summary>Permissions of the copies this code writes (0600): only this user can change them.</summary>
        internal const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        private readonly FileStream _stream;

        private VerifiedCopy(string path, FileStream stream)
        {
            Path = path;
            _stream = stream;
        }

        /// <summary>The file's path.</summary>
        internal string Path { get; }

        /// <summary>
        /// The path to load: <c>/proc/self/fd/N</c>, which names the verified open file itself, where procfs is mounted;
        /// otherwise <see cref="Path"/>, which is safe only because it lies in a private folder.
        /// </summary>
        internal string LoadPath
        {
            get
            {
                string byHandle = "/proc/self/fd/" + _stream.SafeFileHandle.DangerousGetHandle().ToInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
                return File.Exists(byHandle) ? byHandle : Path;
            }
        }

        /// <summary>
        /// Returns <paramref name="bytes"/> as a verified file named <paramref name="fileName"/> in
        /// <paramref name="privateFolder"/>: an existing copy is used only if its hash matches, otherwise the bytes are
        /// (re)written atomically, and the written file is verified again before it is returned.
        /// </summary>
        /// <exception cref="IOException">The file cannot be written, or does not hold the bytes after writing.</exception>
        internal static VerifiedCopy Write(string privateFolder, string fileName, byte[] bytes)
        {
            string path = System.IO.Path.Combine(privateFolder, fileName);
            byte[] expected = SHA256.HashData(bytes);
            var cached = TryOpen(path, expected, out _);
            if (cached is not null) return cached;
            AtomicFile.WriteBytes(path, bytes, OwnerReadWrite);
            return TryOpen(path, expected, out string problem)
                ?? throw new IOException($"The repaired native library '{path}' does not hold the bytes just written: {problem}.");
        }

        /// <summary>
        /// Opens <paramref name="path"/> and returns it only if it is a regular file of this user that others cannot
        /// write, and its SHA-256, read through the open handle, is <paramref name="expectedSha256"/>; otherwise null,
        /// with the reason in <paramref name="problem"/>.
        /// </summary>
        internal static VerifiedCopy? TryOpen(string path, byte[] expectedSha256, out string problem)
        {
            if (!File.Exists(path))
            {
                problem = "it does not exist";
                return null;
            }
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            try
            {
                problem = OwnershipProblem(UnixFileStatus.Of(stream.SafeFileHandle, path));
                if (problem.Length == 0 && !SHA256.HashData(stream).AsSpan().SequenceEqual(expectedSha256))
                    problem = "its SHA-256 hash differs from the repaired library's";
                if (problem.Length == 0) return new VerifiedCopy(path, stream);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
            stream.Dispose();
            return null;
        }

        private static string OwnershipProblem(UnixFileStatus status)
        {
            if (status.Type != UnixFileStatus.Kind.RegularFile) return "it is not a regular file";
            if (status.OwnerId != UnixFileStatus.EffectiveUserId) return $"it belongs to uid {status.OwnerId}, not to this user";
            if (status.WritableByOthers) return $"other users can write it (mode {PrivateFolder.Octal(status.Mode)})";
            return "";
        }

        /// <summary>Closes the file; a library loaded from it stays loaded.</summary>
        public void Dispose() => _stream.Dispose();
    }
}
