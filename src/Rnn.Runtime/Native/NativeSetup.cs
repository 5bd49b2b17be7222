using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Rnn.Native;
using TorchSharp;

namespace Rnn
{
    /// <summary>
    /// Makes TorchSharp's native library load on Linux distributions whose libstdc++ is older than the one
    /// TorchSharp was linked against (Debian 12, Ubuntu 22.04: GLIBCXX_3.4.32 is missing).
    /// </summary>
    /// <remarks>
    /// TorchSharp 0.107's <c>libLibTorchSharp.so</c> requires <c>GLIBCXX_3.4.32</c> only for
    /// <c>_ZSt21ios_base_library_initv</c>, a link-time marker that is never called. When, and only when, the
    /// library fails to load for that reason, a copy is written to a cache folder with that requirement marked weak
    /// (VER_FLG_WEAK), and TorchSharp is pointed at the copy. The NuGet cache and the application folder are never
    /// modified. The copy is written to, verified in and loaded from a folder that only the current user can change
    /// (see README.md, 'Troubleshooting', for the trust model); a cached copy is used only if its SHA-256 matches.
    /// Everything is a no-op on other systems. Models, data loading and training call
    /// <see cref="EnsureLoaded"/> themselves; call it before your own first TorchSharp call if that comes earlier.
    /// Set the environment variable <c>RNN_NATIVE_SETUP=off</c> to disable it, and <c>RNN_NATIVE_CACHE</c> to choose
    /// the cache folder. On Linux it also makes glibc's malloc keep freed memory for reuse (<c>RNN_HEAP_SETTINGS=off</c>
    /// turns that off) and has libtorch put its large tensors on transparent huge pages (<c>RNN_HUGE_PAGES=off</c> turns
    /// that off; see README.md, 'Troubleshooting').
    /// </remarks>
    public static class NativeSetup
    {
        /// <summary>Symbols whose version requirement may be weakened: markers that are never called.</summary>
        private static readonly HashSet<string> NeverCalledSymbols = new(StringComparer.Ordinal) { "_ZSt21ios_base_library_initv" };

        private static readonly Regex MissingVersion = new(@"version `([^']+)' not found", RegexOptions.CultureInvariant);
        private static readonly object Gate = new();
        private static volatile bool s_done;
        private static ExceptionDispatchInfo? s_failure;

        /// <summary>
        /// The patched copy TorchSharp loaded, or null when none was needed. When no private cache folder existed, the
        /// copy was written to a one-off private temp folder that is deleted once the library is loaded.
        /// </summary>
        public static string? PatchedLibraryPath { get; private set; }

        /// <summary>
        /// Ensures TorchSharp's native library can load. Idempotent and thread-safe; does nothing on systems that
        /// load it as shipped.
        /// </summary>
        /// <exception cref="DllNotFoundException">The library cannot be loaded and cannot be repaired; the message says why.</exception>
        public static void EnsureLoaded()
        {
            if (!s_done)
            {
                lock (Gate)
                {
                    if (!s_done)
                    {
                        try
                        {
                            HeapSettings.Apply(Environment.GetEnvironmentVariable);
                            HugePages.Apply(Environment.GetEnvironmentVariable);
                            if (OperatingSystem.IsLinux() && !string.Equals(Environment.GetEnvironmentVariable("RNN_NATIVE_SETUP"), "off", StringComparison.OrdinalIgnoreCase))
                                LoadOnLinux();
                        }
                        catch (Exception e)
                        {
                            s_failure = ExceptionDispatchInfo.Capture(e); // every later call reports the same failure, without retrying
                        }
                        s_done = true;
                    }
                }
            }
            s_failure?.Throw();
        }

        /// <summary>
        /// Like <see cref="EnsureLoaded"/>, but never throws: returns false when the library cannot be loaded. The
        /// failure is kept, and <see cref="EnsureLoaded"/> (called by every model) throws it with its explanation.
        /// Generated models call this from a module initializer, where an exception would break the whole assembly.
        /// </summary>
        public static bool TryEnsureLoaded()
        {
            try
            {
                EnsureLoaded();
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        private static void LoadOnLinux()
        {
            string? original = FindLibTorchSharp();
            if (original is null) return; // TorchSharp reports a missing package itself.

            if (TryLoad(original, out _, out string error)) return;
            if (!MissingVersion.IsMatch(error)) return; // Not our problem to solve: TorchSharp reports it with its own trace.

            byte[] image = File.ReadAllBytes(original);
            string hash = Convert.ToHexString(SHA256.HashData(image))[..16].ToLowerInvariant();
            var weakened = new List<string>();

            PreloadDependencies(image, Path.GetDirectoryName(original)!);
            using var cache = NativeCache.OpenForThisProcess();
            string folder = PrivateCopyFolder(cache, hash);
            while (true)
            {
                var match = MissingVersion.Match(error);
                string version = match.Success ? match.Groups[1].Value : "";
                if (!match.Success || weakened.Contains(version) || !IsOnlyUsedByMarkers(image, version))
                    throw new DllNotFoundException(Explain(original, error, version));
                ElfVersionPatcher.MarkWeak(image, version);
                weakened.Add(version);
                // Loaded through the handle its bytes were verified on, from a folder only this user can change.
                using var copy = VerifiedCopy.Write(folder, Path.GetFileName(original), image);
                if (TryLoad(copy.LoadPath, out IntPtr handle, out error))
                {
                    RegisterResolver(handle, copy.Path);
                    PatchedLibraryPath = copy.Path;
                    return;
                }
            }
        }

        /// <summary>The private folder for the copies of the library whose hash is <paramref name="hash"/>.</summary>
        [System.Runtime.Versioning.SupportedOSPlatform("linux")]
        private static string PrivateCopyFolder(NativeCache cache, string hash)
        {
            string folder = Path.Combine(cache.Folder, hash);
            if (!PrivateFolder.TryEnsure(folder, out string real, out string problem))
                throw new DllNotFoundException(
                    $"TorchSharp's native library needs a repaired copy (see README.md, 'Troubleshooting'), but '{folder}' is not " +
                    $"a private folder of this user: {problem}. Set {NativeCache.Variable} to a folder only you can write to.");
            return real;
        }

        internal static bool IsOnlyUsedByMarkers(byte[] image, string version)
        {
            var need = ElfVersionPatcher.ReadVersionNeeds(image).FirstOrDefault(n => n.Name == version);
            if (need.Name is null) return false;
            var symbols = ElfVersionPatcher.SymbolsWithVersion(image, need.Index);
            return symbols.Count > 0 && symbols.All(NeverCalledSymbols.Contains);
        }

        internal static string Explain(string library, string error, string version) =>
            $"TorchSharp's native library '{library}' cannot be loaded: {error.Trim()}" + Environment.NewLine +
            (version.Length > 0
                ? $"The system's libstdc++ lacks {version}, which the library really uses, so Rnn cannot repair it. "
                : "") +
            "Install a newer libstdc++ (GCC 13 or later, e.g. Debian 13 or Ubuntu 24.04), or see README.md, 'Troubleshooting'.";

        private static void RegisterResolver(IntPtr handle, string patchedPath)
        {
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, (name, _, _) =>
                    name is "LibTorchSharp" or "libLibTorchSharp" or "libLibTorchSharp.so" ? handle : IntPtr.Zero);
            }
            catch (InvalidOperationException e)
            {
                throw new DllNotFoundException(
                    "Rnn repaired TorchSharp's native library but cannot point TorchSharp at it: another component already set a " +
                    "DllImport resolver for TorchSharp. Load the repaired copy yourself from " + patchedPath + ".", e);
            }
        }

        private static void PreloadDependencies(byte[] image, string folder)
        {
            // The copy lives in another folder, so its $ORIGIN run-path no longer finds libtorch: load those by path first.
            foreach (string name in ElfVersionPatcher.NeededLibraries(image))
            {
                string path = Path.Combine(folder, name);
                if (File.Exists(path)) TryLoad(path, out _, out _);
            }
        }

        private static bool TryLoad(string path, out IntPtr handle, out string error)
        {
            try
            {
                handle = NativeLibrary.Load(path);
                error = "";
                return true;
            }
            catch (DllNotFoundException e)
            {
                handle = IntPtr.Zero;
                error = e.Message;
                return false;
            }
        }

        /// <summary>The libLibTorchSharp.so the runtime would load: the host's native search folders first.</summary>
        internal static string? FindLibTorchSharp()
        {
            const string file = "libLibTorchSharp.so";
            var folders = new List<string>();
            if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string dirs)
                folders.AddRange(dirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
            string torchFolder = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "";
            folders.Add(Path.Combine(torchFolder, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"));
            folders.Add(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"));
            folders.Add(torchFolder);
            folders.Add(AppContext.BaseDirectory);
            return folders.Select(f => Path.Combine(f, file)).FirstOrDefault(File.Exists);
        }
    }
}
