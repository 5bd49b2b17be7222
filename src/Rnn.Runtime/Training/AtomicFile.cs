using System;
using System.IO;

namespace Rnn
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
            string temp = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
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
