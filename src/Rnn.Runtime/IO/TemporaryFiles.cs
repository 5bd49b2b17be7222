using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Rnn.IO
{
    /// <summary>
    /// The temporary files <see cref="AtomicFile"/> writes beside a target, named so that they are provably Rnn's:
    /// <c>.{name}.{pid}.{random}.{check}.tmp</c>, where <c>pid</c> is the writing process, <c>random</c> 32 random hex
    /// digits, and <c>check</c> the first 16 hex digits of a SHA-256 over a marker text, the target's name, the pid and
    /// the random part. A file that merely looks like one (a user's <c>.model.weights.backup.tmp</c>, or a temporary file
    /// of an earlier Rnn version) lacks a valid check and is never deleted.
    /// </summary>
    /// <remarks>
    /// The marker sits in the name because the temporary file's contents become the target's: a header or trailer inside
    /// it would end up in the user's file.
    /// </remarks>
    internal static class TemporaryFiles
    {
        private const string Suffix = ".tmp";
        private const string Marker = "Rnn atomic write\n";
        private const int RandomDigits = 32;
        private const int CheckDigits = 16;

        /// <summary>A new temporary file path beside <paramref name="target"/> for the writer <paramref name="pid"/>.</summary>
        public static string NewPath(string target, int pid)
        {
            string stem = Prefix(target) + pid.ToString(CultureInfo.InvariantCulture) + "." +
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomDigits / 2));
            return Path.Combine(Path.GetDirectoryName(target)!, stem + "." + Check(stem) + Suffix);
        }

        /// <summary>
        /// Deletes the temporary files of <paramref name="target"/> that interrupted writes left behind: those with a valid
        /// check whose writing process no longer runs. Files of live writers, files that are not Rnn's, links and folders
        /// are kept; a file that cannot be deleted is left.
        /// </summary>
        public static void RemoveStale(string target)
        {
            string prefix = Prefix(target);
            string[] candidates;
            try
            {
                candidates = Directory.GetFiles(Path.GetDirectoryName(target)!, "*" + Suffix);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
            foreach (string candidate in candidates)
            {
                if (WriterOf(Path.GetFileName(candidate), prefix) is int pid && !IsRunning(pid) && new FileInfo(candidate).LinkTarget is null)
                    TryDelete(candidate);
            }
        }

        /// <summary>Deletes <paramref name="temp"/> if it can; a leftover hidden temporary file is harmless.</summary>
        public static void TryDelete(string temp)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Keep the original exception; the next write of the same target removes it.
            }
        }

        /// <summary>The start of the temporary files' names for <paramref name="target"/>: <c>.name.</c>.</summary>
        private static string Prefix(string target) => "." + Path.GetFileName(target) + ".";

        /// <summary>The writer's process id when <paramref name="name"/> is a temporary file of ours with that prefix; otherwise null.</summary>
        private static int? WriterOf(string name, string prefix)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(Suffix, StringComparison.Ordinal)) return null;
            string[] parts = name[prefix.Length..^Suffix.Length].Split('.');
            if (parts.Length != 3 || parts[1].Length != RandomDigits) return null;
            if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) return null;
            return parts[2] == Check(name[..(prefix.Length + parts[0].Length + 1 + RandomDigits)]) ? pid : null;
        }

        /// <summary>The check digits of a temporary file name that starts with <paramref name="stem"/> (prefix, pid, random part).</summary>
        private static string Check(string stem) =>
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Marker + stem)).AsSpan(0, CheckDigits / 2));

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
    }
}
