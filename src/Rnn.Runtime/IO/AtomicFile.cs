using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Rnn.IO
{
    /// <summary>
    /// Writes files so that readers see either the old file or the complete new one, never a partial write, even after
    /// a crash or power loss right after the write.
    /// </summary>
    internal static class AtomicFile
    {
        /// <summary>
        /// Lets <paramref name="write"/> fill a temporary file next to <paramref name="path"/>, flushes it to disk, then
        /// moves it into place. If anything fails, the temporary file is deleted, any existing file at
        /// <paramref name="path"/> is untouched, and the exception propagates.
        /// </summary>
        /// <param name="path">The file to write; its folder is created if needed.</param>
        /// <param name="write">Writes the contents; it must leave the stream open (use <c>leaveOpen: true</c> for writers).</param>
        public static void WriteStream(string path, Action<Stream> write)
        {
            string full = Path.GetFullPath(path);
            string folder = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(folder);
            RemoveOrphans(full);
            string temp = Path.Combine(folder, TempPrefix(full) + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "." +
                Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    write(stream);
                    // Without this, a crash after the move can leave the new name pointing at data not yet on disk.
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temp, full, overwrite: true);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }

        /// <summary>The start of the temporary files' names for <paramref name="full"/>: <c>.name.</c>, then the writer's process id and a GUID.</summary>
        private static string TempPrefix(string full) => "." + Path.GetFileName(full) + ".";

        /// <summary>
        /// Deletes the temporary files of <paramref name="path"/> that an interrupted write left behind: those whose
        /// writing process no longer runs (or whose name carries no process id). Files of live writers are kept.
        /// </summary>
        internal static void RemoveOrphans(string path)
        {
            string full = Path.GetFullPath(path);
            string prefix = TempPrefix(full);
            string[] candidates;
            try
            {
                candidates = Directory.GetFiles(Path.GetDirectoryName(full)!, prefix + "*.tmp");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
            foreach (string candidate in candidates)
            {
                string middle = Path.GetFileName(candidate)[prefix.Length..^".tmp".Length];
                int dot = middle.IndexOf('.');
                bool hasWriter = dot > 0 && int.TryParse(middle[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && IsRunning(pid);
                if (!hasWriter) TryDelete(candidate);
            }
        }

        private static bool IsRunning(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return false;
            }
        }

        private static void TryDelete(string temp)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Keep the original exception; a leftover hidden .tmp file is harmless.
            }
        }
    }
}
