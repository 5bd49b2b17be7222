using System;
using System.Collections.Generic;
using System.IO;

namespace Rnn.Native
{
    /// <summary>
    /// The private folder the repaired native library is written to and loaded from. Never a folder another user could
    /// have created or could change: see <see cref="PrivateFolder"/>.
    /// </summary>
    /// <remarks>
    /// With <c>RNN_NATIVE_CACHE</c> set, that folder is used and must pass the checks, or setup fails naming it. Otherwise
    /// the first private one of <c>$XDG_CACHE_HOME/rnn/native</c> and <c>~/.cache/rnn/native</c> is used; when neither
    /// can be made private (no home folder, a read-only or shared one), a fresh private folder is created in the temp
    /// folder for this process only and deleted once the library is loaded.
    /// </remarks>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    internal sealed class NativeCache : IDisposable
    {
        /// <summary>The environment variable that names the cache folder.</summary>
        internal const string Variable = "RNN_NATIVE_CACHE";

        private NativeCache(string folder, bool oneOff)
        {
            Folder = folder;
            IsOneOff = oneOff;
        }

        /// <summary>The private folder (symbolic links resolved) that holds the repaired copies.</summary>
        internal string Folder { get; }

        /// <summary>Whether the folder was created for this process only, and is deleted on <see cref="Dispose"/>.</summary>
        internal bool IsOneOff { get; }

        /// <summary>
        /// The folders to try, in order, from the environment: <c>RNN_NATIVE_CACHE</c> alone when it is set, else the
        /// XDG cache folder and the one in <paramref name="home"/>. Relative paths are ignored, as the XDG spec says.
        /// A home folder that does not exist is skipped (service accounts often have <c>HOME=/nonexistent</c>).
        /// </summary>
        internal static IReadOnlyList<string> Candidates(Func<string, string?> environment, string? home)
        {
            string? configured = environment(Variable);
            if (!string.IsNullOrEmpty(configured)) return new[] { configured };
            var result = new List<string>();
            string? xdg = environment("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg) && Path.IsPathFullyQualified(xdg)) result.Add(Path.Combine(xdg, "rnn", "native"));
            if (!string.IsNullOrEmpty(home) && Path.IsPathFullyQualified(home) && Directory.Exists(home))
                result.Add(Path.Combine(home, ".cache", "rnn", "native"));
            return result;
        }

        /// <summary>Opens the cache of this user, as described on the type.</summary>
        /// <exception cref="DllNotFoundException">No private folder can be found or made; the message says why and names <c>RNN_NATIVE_CACHE</c>.</exception>
        internal static NativeCache Open(Func<string, string?> environment, string? home)
        {
            var problems = new List<string>();
            foreach (string candidate in Candidates(environment, home))
            {
                if (PrivateFolder.TryEnsure(candidate, out string folder, out string problem)) return new NativeCache(folder, oneOff: false);
                problems.Add(problem);
            }
            string? configured = environment(Variable);
            if (!string.IsNullOrEmpty(configured))
                throw new DllNotFoundException(
                    $"TorchSharp's native library needs a repaired copy (see README.md, 'Troubleshooting'), but {Variable}='{configured}' " +
                    $"is not a private folder of this user: {problems[0]}. Point {Variable} to a folder only you can write to, " +
                    "or unset it.");
            if (PrivateFolder.TryCreateFresh(out string fresh, out string freshProblem)) return new NativeCache(fresh, oneOff: true);
            problems.Add(freshProblem);
            throw new DllNotFoundException(
                "TorchSharp's native library needs a repaired copy (see README.md, 'Troubleshooting'), but no private folder " +
                $"can be found or created for it: {string.Join("; ", problems)}. Set {Variable} to a folder only you can write to.");
        }

        /// <summary>The process's own environment and home folder.</summary>
        internal static NativeCache OpenForThisProcess() =>
            Open(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

        /// <summary>Deletes a one-off folder; a cache folder is kept.</summary>
        public void Dispose()
        {
            if (IsOneOff) PrivateFolder.TryDelete(Folder);
        }
    }
}
