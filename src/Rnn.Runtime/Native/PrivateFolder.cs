using System;
using System.Globalization;
using System.IO;
using Rnn.IO;

namespace Rnn.Native
{
    /// <summary>
    /// Creates and checks folders that no other user can change, so a file written and verified there stays as it was.
    /// </summary>
    /// <remarks>
    /// A folder is private when it is a real folder (after resolving symbolic links) owned by this process's effective
    /// user, with no permission bits for group or others, and when every folder above it is owned by root or by this
    /// user and is not writable by group or others. A root-owned sticky folder such as <c>/tmp</c> is allowed above it:
    /// others may create entries there, but cannot rename or delete ours. Only root can change such a folder, and root
    /// can change anything anyway.
    /// </remarks>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    internal static class PrivateFolder
    {
        /// <summary>Permissions of the folders this code creates (0700).</summary>
        internal const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

        private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
            UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

        /// <summary>
        /// Makes <paramref name="path"/> a private folder: checks the folders above it, creates what is missing with mode
        /// 0700, removes group/other read and search bits from an existing folder of ours, and checks the result.
        /// </summary>
        /// <param name="path">An absolute path.</param>
        /// <param name="realPath">The folder's path with symbolic links resolved: use it, not <paramref name="path"/>, from now on.</param>
        /// <param name="problem">Why the folder cannot be trusted or created; empty on success.</param>
        internal static bool TryEnsure(string path, out string realPath, out string problem)
        {
            realPath = "";
            try
            {
                string full = Path.GetFullPath(path);
                string existing = DeepestExisting(full);
                string resolved = UnixFileStatus.RealPath(existing);
                problem = ChainProblem(resolved, includeSelf: true);
                if (problem.Length > 0) return false;
                string target = resolved;
                foreach (string name in Path.GetRelativePath(existing, full).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (name == ".") continue;
                    target = Path.Combine(target, name);
                    Directory.CreateDirectory(target, OwnerOnly); // one by one: the mode applies only to the folder named
                }
                problem = OwnFolderProblem(target, tighten: true);
                if (problem.Length > 0) return false;
                // Created components lie under checked folders, so only this user could have made them; check anyway.
                problem = ChainProblem(target, includeSelf: false);
                if (problem.Length > 0) return false;
                realPath = target;
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                problem = e.Message;
                return false;
            }
        }

        /// <summary>
        /// Creates a new, empty private folder under the temp folder with <c>mkdtemp</c> semantics (a fresh random name,
        /// mode 0700), and checks it like <see cref="TryEnsure"/>.
        /// </summary>
        internal static bool TryCreateFresh(out string realPath, out string problem)
        {
            realPath = "";
            try
            {
                string created = Directory.CreateTempSubdirectory("rnn-native-").FullName;
                if (TryEnsure(created, out realPath, out problem)) return true;
                TryDelete(created);
                return false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = $"cannot create a folder in the temp folder '{Path.GetTempPath()}': {e.Message}";
                return false;
            }
        }

        /// <summary>Deletes a folder this process created, and what it holds; failures are ignored.</summary>
        internal static void TryDelete(string path)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover private folder harms nobody.
            }
        }

        /// <summary>
        /// Why a folder above <paramref name="realPath"/> (and the folder itself, if <paramref name="includeSelf"/>) could
        /// be changed by another user; empty when none can.
        /// </summary>
        internal static string ChainProblem(string realPath, bool includeSelf)
        {
            uint me = UnixFileStatus.EffectiveUserId;
            string? folder = includeSelf ? realPath : Path.GetDirectoryName(realPath);
            for (; folder is not null; folder = Path.GetDirectoryName(folder))
            {
                var status = UnixFileStatus.Of(folder);
                if (status.Type != UnixFileStatus.Kind.Directory)
                    return $"'{folder}' is not a folder";
                if (status.OwnerId != 0 && status.OwnerId != me)
                    return $"'{folder}' belongs to uid {Id(status.OwnerId)}, not to this user (uid {Id(me)}) or root";
                if (status.WritableByOthers && !(status.Sticky && status.OwnerId == 0))
                    return $"'{folder}' is writable by other users (mode {Octal(status.Mode)})";
            }
            return "";
        }

        /// <summary>
        /// Why <paramref name="folder"/> (a resolved path) is not a private folder of this user; empty when it is. With
        /// <paramref name="tighten"/>, group/other read and search bits of a folder of ours are removed first, but a
        /// folder others could write to is refused: it may already hold their files.
        /// </summary>
        internal static string OwnFolderProblem(string folder, bool tighten)
        {
            uint me = UnixFileStatus.EffectiveUserId;
            var status = UnixFileStatus.Of(folder);
            if (status.Type != UnixFileStatus.Kind.Directory)
                return $"'{folder}' is not a folder";
            if (status.OwnerId != me)
                return $"'{folder}' belongs to uid {Id(status.OwnerId)}, not to this user (uid {Id(me)})";
            if (status.WritableByOthers)
                return $"'{folder}' is writable by other users (mode {Octal(status.Mode)})";
            if ((status.Mode & GroupOrOther) != 0 && tighten)
            {
                File.SetUnixFileMode(folder, status.Mode & ~GroupOrOther);
                status = UnixFileStatus.Of(folder);
            }
            if ((status.Mode & GroupOrOther) != 0)
                return $"'{folder}' is accessible to other users (mode {Octal(status.Mode)}), expected 0700";
            return "";
        }

        private static string DeepestExisting(string full)
        {
            string? folder = full;
            while (folder is not null && !Directory.Exists(folder) && !File.Exists(folder)) folder = Path.GetDirectoryName(folder);
            return folder ?? Path.GetPathRoot(full)!;
        }

        internal static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

        private static string Id(uint id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
