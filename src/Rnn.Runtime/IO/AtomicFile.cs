using System;
using System.IO;
using System.Text;
using Rnn.Native;

namespace Rnn.IO
{
    /// <summary>
    /// The one way Rnn writes files (weights, checkpoints, histories, vocabularies, ONNX models, the repaired native
    /// library): readers see either the old file or the complete new one, never a partial write, even after a crash or
    /// power loss right after the write.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>A path that is a symbolic link is written through: the link's final target is replaced, and the link stays.</item>
    /// <item>An existing target that is not a regular file (a folder, a device such as <c>/dev/full</c>, a named pipe, a
    /// socket) is refused with an <see cref="ArgumentException"/> before anything is written.</item>
    /// <item>The contents go to a new temporary file beside the target (<see cref="TemporaryFiles"/>), which is flushed to
    /// disk and renamed over the target; then the folder is flushed too (<see cref="FolderSync"/>), so the rename
    /// itself survives a power loss.</item>
    /// <item>The temporary files that an interrupted write left are removed by the next write of the same target, but
    /// only those that are provably Rnn's and whose writer no longer runs.</item>
    /// </list>
    /// </remarks>
    internal static class AtomicFile
    {
        private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

        /// <summary>
        /// Lets <paramref name="write"/> fill a temporary file beside the target, flushes it to disk, then moves it into
        /// place. If anything fails, the temporary file is deleted, any existing target is untouched, and the exception
        /// propagates.
        /// </summary>
        /// <param name="path">The file to write; its folder is created if needed. A symbolic link is written through.</param>
        /// <param name="write">Writes the contents; it must leave the stream open (use <c>leaveOpen: true</c> for writers).</param>
        /// <param name="createMode">The Unix permissions of the new file, e.g. 0600; null for the process's default.</param>
        /// <exception cref="ArgumentException">The path, or the final target of a link, exists and is not a regular file.</exception>
        public static void WriteStream(string path, Action<Stream> write, UnixFileMode? createMode = null)
        {
            string target = Target(path);
            string folder = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(folder);
            TemporaryFiles.RemoveStale(target);
            string temp = TemporaryFiles.NewPath(target, Environment.ProcessId);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (createMode is UnixFileMode mode && !OperatingSystem.IsWindows()) options.UnixCreateMode = mode;
            try
            {
                using (var stream = new FileStream(temp, options))
                {
                    write(stream);
                    // Without this, a crash after the move can leave the new name pointing at data not yet on disk.
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temp, target, overwrite: true);
            }
            catch
            {
                TemporaryFiles.TryDelete(temp);
                throw;
            }
            FolderSync.Flush(folder);
        }

        /// <summary><see cref="WriteStream"/> with <paramref name="bytes"/> as the contents.</summary>
        public static void WriteBytes(string path, byte[] bytes, UnixFileMode? createMode = null) =>
            WriteStream(path, stream => stream.Write(bytes), createMode);

        /// <summary><see cref="WriteStream"/> with <paramref name="text"/> as the contents, in UTF-8 without a byte-order mark.</summary>
        public static void WriteText(string path, string text) => WriteBytes(path, Utf8.GetBytes(text));

        /// <summary>
        /// Deletes the temporary files that interrupted writes of <paramref name="path"/> left behind (see
        /// <see cref="TemporaryFiles.RemoveStale"/>), e.g. before reading the file.
        /// </summary>
        /// <exception cref="ArgumentException">The path exists and is not a regular file.</exception>
        internal static void RemoveOrphans(string path) => TemporaryFiles.RemoveStale(Target(path));

        /// <summary>A new temporary file name for <paramref name="path"/>, as the writer <paramref name="pid"/> would use it (for tests).</summary>
        internal static string TemporaryPath(string path, int pid) => TemporaryFiles.NewPath(Target(path), pid);

        /// <summary>
        /// The file a write of <paramref name="path"/> replaces: its full path, or the final target of a symbolic link.
        /// </summary>
        /// <exception cref="ArgumentException">That file exists and is not a regular file.</exception>
        private static string Target(string path)
        {
            string full = Path.GetFullPath(path);
            string target = new FileInfo(full).LinkTarget is null ? full : File.ResolveLinkTarget(full, returnFinalTarget: true)!.FullName;
            string? kind = SpecialKind(target);
            if (kind is null) return target;
            string what = target == full ? $"'{path}' is {kind}" : $"'{path}' links to '{target}', which is {kind}";
            throw new ArgumentException($"Cannot save to {what}, not a regular file; give the path of a regular file or of a new one.", nameof(path));
        }

        /// <summary>What the existing <paramref name="target"/> is when it is not a regular file; null when it is one or does not exist.</summary>
        private static string? SpecialKind(string target)
        {
            if (Directory.Exists(target)) return "a folder";
            if (!OperatingSystem.IsLinux() || !File.Exists(target)) return null;
            return UnixFileStatus.Of(target).Type == UnixFileStatus.Kind.RegularFile ? null : "a device, a named pipe or a socket";
        }
    }
}
