using System;
using System.IO;

namespace Rnn
{
    /// <summary>Writes files so that readers see either the old file or the complete new one, never a partial write.</summary>
    internal static class AtomicFile
    {
        /// <summary>
        /// Lets <paramref name="write"/> fill a temporary file next to <paramref name="path"/>, then moves it into place.
        /// If writing fails, the temporary file is deleted and any existing file at <paramref name="path"/> is untouched.
        /// </summary>
        public static void Write(string path, Action<string> write)
        {
            string full = Path.GetFullPath(path);
            string folder = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(folder);
            string temp = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                write(temp);
                File.Move(temp, full, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        /// <summary>Writes the bytes <paramref name="write"/> puts into a stream to <paramref name="path"/>, atomically.</summary>
        public static void WriteStream(string path, Action<Stream> write) => Write(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
            write(stream);
        });
    }
}
