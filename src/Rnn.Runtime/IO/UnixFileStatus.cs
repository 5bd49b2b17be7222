using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Rnn.IO
{
    /// <summary>
    /// Owner, type and permission bits of a file as the kernel reports them (<c>statx</c>, without following a final
    /// symbolic link), plus the process's effective user id and <c>realpath</c>. .NET has no API for a file's owner.
    /// <c>statx</c> is used because its record has the same layout on every architecture.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    internal readonly record struct UnixFileStatus(uint OwnerId, UnixFileMode Mode, UnixFileStatus.Kind Type)
    {
        /// <summary>The file types this code tells apart.</summary>
        internal enum Kind { Other, RegularFile, Directory, SymbolicLink }

        private const int AtFdCwd = -100;
        private const int AtSymlinkNoFollow = 0x100;
        private const int AtEmptyPath = 0x1000;
        private const uint StatxBasicStats = 0x7ff;
        private const int StatxSize = 256;
        private const int UidOffset = 20;
        private const int ModeOffset = 28;

        /// <summary>The effective user id of this process: the user a file must belong to before it is trusted.</summary>
        internal static uint EffectiveUserId => geteuid();

        /// <summary>Whether the group or others may write (create, rename or delete entries, for a folder).</summary>
        internal bool WritableByOthers => (Mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;

        /// <summary>Whether the sticky bit is set: in such a folder only an entry's owner may rename or delete it.</summary>
        internal bool Sticky => (Mode & UnixFileMode.StickyBit) != 0;

        /// <summary>The status of <paramref name="path"/> itself (a symbolic link is reported as one, not followed).</summary>
        /// <exception cref="IOException">The file does not exist or cannot be examined.</exception>
        internal static UnixFileStatus Of(string path) => Query(AtFdCwd, path, AtSymlinkNoFollow, path);

        /// <summary>The status of the open file behind <paramref name="handle"/>, whatever its path now names.</summary>
        internal static UnixFileStatus Of(SafeFileHandle handle, string pathForErrors) =>
            Query((int)handle.DangerousGetHandle(), "", AtEmptyPath, pathForErrors);

        /// <summary>The absolute path of <paramref name="path"/> with every symbolic link, <c>.</c> and <c>..</c> resolved.</summary>
        /// <exception cref="IOException">The path does not exist or cannot be resolved.</exception>
        internal static string RealPath(string path)
        {
            IntPtr resolved = realpath(path, IntPtr.Zero);
            if (resolved == IntPtr.Zero) throw Error("resolve", path);
            try
            {
                return Marshal.PtrToStringUTF8(resolved)!;
            }
            finally
            {
                free(resolved);
            }
        }

        private static UnixFileStatus Query(int directory, string path, int flags, string pathForErrors)
        {
            var buffer = new byte[StatxSize];
            if (statx(directory, path, flags, StatxBasicStats, buffer) != 0) throw Error("examine", pathForErrors);
            uint owner = BitConverter.ToUInt32(buffer, UidOffset); // the kernel writes the record in native byte order
            ushort mode = BitConverter.ToUInt16(buffer, ModeOffset);
            var type = (mode & 0xF000) switch
            {
                0x8000 => Kind.RegularFile,
                0x4000 => Kind.Directory,
                0xA000 => Kind.SymbolicLink,
                _ => Kind.Other,
            };
            return new UnixFileStatus(owner, (UnixFileMode)(mode & 0xFFF), type);
        }

        private static IOException Error(string action, string path)
        {
            int errno = Marshal.GetLastPInvokeError();
            return new IOException($"Cannot {action} '{path}': {new Win32Exception(errno).Message} (errno {errno}).");
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string pathname, int flags, uint mask, byte[] statxbuf);

        [DllImport("libc", SetLastError = true)]
        private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

        [DllImport("libc")]
        private static extern void free(IntPtr pointer);

        [DllImport("libc")]
        private static extern uint geteuid();
    }
}
