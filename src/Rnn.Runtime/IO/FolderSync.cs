using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Rnn.IO
{
    /// <summary>
    /// Flushes a folder's entries to disk (<c>fsync</c> on the folder), so that a file just renamed into it keeps its new
    /// name after a power loss, not only its contents. .NET has no API for it. Unix only: on Windows, NTFS journals renames.
    /// </summary>
    internal static class FolderSync
    {
        private const int ReadOnly = 0;
        private const int LinuxCloseOnExec = 0x80000;
        private const int InputOutputError = 5; // EIO, the same on Linux and macOS

        /// <summary>
        /// Flushes <paramref name="folder"/>. A folder this process cannot open, or a file system that cannot flush
        /// folders, is passed over; only an input/output error, which means the entry may be lost, throws.
        /// </summary>
        /// <exception cref="IOException">The disk reported an input/output error.</exception>
        public static void Flush(string folder)
        {
            if (OperatingSystem.IsWindows()) return;
            int descriptor = open(folder, OperatingSystem.IsLinux() ? ReadOnly | LinuxCloseOnExec : ReadOnly);
            if (descriptor < 0) return;
            try
            {
                if (fsync(descriptor) != 0 && Marshal.GetLastPInvokeError() == InputOutputError)
                    throw new IOException($"Cannot flush the folder '{folder}' to disk: input/output error; the file just written there may not survive a power loss.");
            }
            finally
            {
                close(descriptor);
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        private static extern int fsync(int descriptor);

        [DllImport("libc")]
        private static extern int close(int descriptor);
    }
}
