using System;
using System.IO;
using System.Diagnostics;
using System.Linq;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Rnn.IO;
using Rnn.Native;
using TorchSharp;
using Xunit;

namespace Rnn.Runtime.Tests.Native
{
    [SupportedOSPlatform("linux")]
    public class NativeSetupTests
    {
        private const string Marker = "_ZSt21ios_base_library_initv";

        private static string ShippedLibrary() =>
            NativeSetup.FindLibTorchSharp() ?? throw new InvalidOperationException("libLibTorchSharp.so not found next to the tests");

        [Fact]
        public void Shipped_library_needs_GLIBCXX_3_4_32_only_for_the_never_called_marker()
        {
            byte[] image = File.ReadAllBytes(ShippedLibrary());
            var need = ElfVersionPatcher.ReadVersionNeeds(image).Single(n => n.Name == "GLIBCXX_3.4.32");
            Assert.Equal("libstdc++.so.6", need.File);
            Assert.Equal(0, need.Flags & ElfVersionPatcher.VerFlagWeak);
            Assert.Equal(new[] { Marker }, ElfVersionPatcher.SymbolsWithVersion(image, need.Index));
            Assert.True(NativeSetup.IsOnlyUsedByMarkers(image, "GLIBCXX_3.4.32"));
        }

        [Fact]
        public void Versions_used_by_real_symbols_are_never_weakened()
        {
            byte[] image = File.ReadAllBytes(ShippedLibrary());
            var need = ElfVersionPatcher.ReadVersionNeeds(image).Single(n => n.Name == "GLIBCXX_3.4.30");
            Assert.NotEmpty(ElfVersionPatcher.SymbolsWithVersion(image, need.Index));
            Assert.False(NativeSetup.IsOnlyUsedByMarkers(image, "GLIBCXX_3.4.30"));
            Assert.False(NativeSetup.IsOnlyUsedByMarkers(image, "GLIBCXX_9.9.9"));
        }

        [Fact]
        public void MarkWeak_sets_only_the_named_requirement()
        {
            byte[] image = File.ReadAllBytes(ShippedLibrary());
            var before = ElfVersionPatcher.ReadVersionNeeds(image);
            Assert.True(ElfVersionPatcher.MarkWeak(image, "GLIBCXX_3.4.32"));
            var after = ElfVersionPatcher.ReadVersionNeeds(image);
            Assert.Equal(before.Count, after.Count);
            for (int i = 0; i < before.Count; i++)
            {
                int expected = before[i].Name == "GLIBCXX_3.4.32" ? before[i].Flags | ElfVersionPatcher.VerFlagWeak : before[i].Flags;
                Assert.Equal(expected, after[i].Flags);
            }
            Assert.False(ElfVersionPatcher.MarkWeak(image, "NOT_A_VERSION"));
        }

        [Fact]
        public void Needed_libraries_are_read_from_the_dynamic_section()
        {
            var needed = ElfVersionPatcher.NeededLibraries(File.ReadAllBytes(ShippedLibrary()));
            Assert.Contains("libtorch.so", needed);
            Assert.Contains("libc10.so", needed);
            Assert.Contains("libstdc++.so.6", needed);
        }

        [Theory]
        [InlineData(new byte[] { 1, 2, 3 }, "bad magic")]
        [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 1 }, "bad magic")] // shorter than a header
        public void Non_elf_bytes_are_rejected(byte[] bytes, string message)
        {
            var e = Assert.Throws<FormatException>(() => ElfVersionPatcher.ReadVersionNeeds(bytes));
            Assert.Contains(message, e.Message);
        }

        [Fact]
        public void Truncated_elf_is_rejected()
        {
            byte[] image = File.ReadAllBytes(ShippedLibrary());
            var e = Assert.Throws<FormatException>(() => ElfVersionPatcher.ReadVersionNeeds(image.AsSpan(0, 4096).ToArray()));
            Assert.Contains("truncated", e.Message);
        }

        [Fact]
        public void When_it_cannot_repair_the_message_says_what_is_missing_and_what_to_do()
        {
            string error = "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.33' not found (required by /app/libLibTorchSharp.so)";
            string message = NativeSetup.Explain("/app/libLibTorchSharp.so", error, "GLIBCXX_3.4.33");
            Assert.Contains("'/app/libLibTorchSharp.so' cannot be loaded", message);
            Assert.Contains(error, message);
            Assert.Contains("lacks GLIBCXX_3.4.33, which the library really uses", message);
            Assert.Contains("GCC 13 or later", message);
        }

        [Fact]
        public void TryEnsureLoaded_reports_success_without_throwing()
        {
            Assert.True(NativeSetup.TryEnsureLoaded());
            NativeSetup.EnsureLoaded(); // and the throwing form agrees
        }

        [Fact]
        public void Repaired_copies_are_written_whole_or_not_at_all()
        {
            string dir = Directory.CreateTempSubdirectory("rnn-native-test-").FullName;
            try
            {
                string target = Path.Combine(dir, "lib.so");
                AtomicFile.WriteBytes(target, new byte[] { 1, 2, 3 }, VerifiedCopy.OwnerReadWrite);
                AtomicFile.WriteBytes(target, new byte[] { 4, 5 }, VerifiedCopy.OwnerReadWrite);
                Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(target));

                string blocker = Path.Combine(dir, "file");
                File.WriteAllText(blocker, "not a folder");
                Assert.ThrowsAny<IOException>(() => AtomicFile.WriteBytes(Path.Combine(blocker, "lib.so"), new byte[] { 1 }, VerifiedCopy.OwnerReadWrite));
                Assert.Equal(new[] { "file", "lib.so" }, Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).OrderBy(n => n));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [Fact]
        public void An_unusable_RNN_NATIVE_CACHE_fails_naming_it_and_never_falls_back_to_a_shared_folder()
        {
            string dir = Directory.CreateTempSubdirectory("rnn-native-test-").FullName;
            try
            {
                string blocker = Path.Combine(dir, "file");
                File.WriteAllText(blocker, "not a folder");
                var e = Assert.Throws<DllNotFoundException>(() =>
                    NativeCache.Open(name => name == "RNN_NATIVE_CACHE" ? blocker : null, home: dir));
                Assert.Contains($"RNN_NATIVE_CACHE='{blocker}' is not a private folder of this user", e.Message);
                Assert.Equal(new[] { "file" }, Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        /// <summary>Runs <see cref="TestHost"/>'s native probe in a fresh process with <paramref name="environment"/> changes (null removes).</summary>
        private static (int ExitCode, string Output) RunProbe(params (string Name, string? Value)[] environment)
        {
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(typeof(TestHost).Assembly.Location);
            start.ArgumentList.Add(TestHost.NativeProbe);
            foreach (var (name, value) in environment)
            {
                if (value is null) start.Environment.Remove(name);
                else start.Environment[name] = value;
            }
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + stderr.Result);
        }

        private static string? Reported(string output, string key) =>
            output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(key + "=", StringComparison.Ordinal))
                .Select(l => l[(key.Length + 1)..]).FirstOrDefault();

        private static string NuGetCopy()
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            return Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        }

        [Fact]
        public void Without_HOME_a_fresh_process_loads_from_a_private_folder_and_leaves_the_NuGet_cache_untouched()
        {
            string nuget = NuGetCopy();
            byte[] before = SHA256.HashData(File.ReadAllBytes(nuget));
            DateTime modified = File.GetLastWriteTimeUtc(nuget);

            // HOME unset: .NET falls back to the passwd entry's home folder.
            var (code, output) = RunProbe(("HOME", null), ("XDG_CACHE_HOME", null), ("RNN_NATIVE_CACHE", null), ("RNN_NATIVE_SETUP", null));
            Assert.True(code == 0, output);
            Assert.Equal("10", Reported(output, "sum"));
            string patched = Reported(output, "patched") ?? "";
            if (patched.Length > 0)
            {
                string folder = Path.GetDirectoryName(patched)!;
                Assert.Equal("", PrivateFolder.OwnFolderProblem(folder, tighten: false));
                Assert.Equal("", PrivateFolder.ChainProblem(folder, includeSelf: false));
                var file = UnixFileStatus.Of(patched);
                Assert.Equal(UnixFileStatus.EffectiveUserId, file.OwnerId);
                Assert.False(file.WritableByOthers);
            }

            // HOME names a folder that does not exist (service accounts): a one-off private temp folder, removed after loading.
            (code, output) = RunProbe(("HOME", "/nonexistent-" + Guid.NewGuid().ToString("N")), ("XDG_CACHE_HOME", null),
                ("RNN_NATIVE_CACHE", null), ("RNN_NATIVE_SETUP", null));
            Assert.True(code == 0, output);
            Assert.Equal("10", Reported(output, "sum"));
            patched = Reported(output, "patched") ?? "";
            if (patched.Length > 0)
            {
                string folder = Path.GetDirectoryName(Path.GetDirectoryName(patched))!;
                Assert.Equal(UnixFileStatus.RealPath(Path.GetTempPath()), Path.GetDirectoryName(folder));
                Assert.StartsWith("rnn-native-", Path.GetFileName(folder));
                Assert.False(Directory.Exists(folder));
            }

            Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(nuget)));
            Assert.Equal(modified, File.GetLastWriteTimeUtc(nuget));
        }

        [Fact]
        public void A_fresh_process_puts_large_tensors_on_huge_pages_unless_turned_off()
        {
            bool offered = HugePages.Wanted(_ => null, File.Exists("/sys/kernel/mm/transparent_hugepage/enabled")
                ? File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled") : null);
            var (code, output) = RunProbe((HugePages.Variable, null), ("RNN_HUGE_PAGES", null));
            Assert.True(code == 0, output);
            Assert.Equal(offered ? "yes" : "no", Reported(output, "hugepages"));

            (code, output) = RunProbe((HugePages.Variable, null), ("RNN_HUGE_PAGES", "off"));
            Assert.True(code == 0, output);
            Assert.Equal("no", Reported(output, "hugepages"));
        }

        [Fact]
        public void TorchSharp_loads_and_computes_after_setup()
        {
            NativeSetup.EnsureLoaded();
            using var t = torch.arange(1, 5, dtype: torch.float32);
            Assert.Equal(10f, t.sum().item<float>());
        }

        [Fact]
        public void A_repaired_copy_exists_exactly_when_the_system_libstdcxx_lacks_GLIBCXX_3_4_32()
        {
            NativeSetup.EnsureLoaded();
            string? libstdcxx = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
                .FirstOrDefault(p => p is not null && p.Contains("libstdc++.so.6"));
            Assert.NotNull(libstdcxx);
            bool systemHasIt = Encoding.ASCII.GetString(File.ReadAllBytes(libstdcxx!)).Contains("GLIBCXX_3.4.32");
            if (systemHasIt)
            {
                Assert.Null(NativeSetup.PatchedLibraryPath);
                return;
            }
            Assert.NotNull(NativeSetup.PatchedLibraryPath);
            byte[] patched = File.ReadAllBytes(NativeSetup.PatchedLibraryPath!);
            var need = ElfVersionPatcher.ReadVersionNeeds(patched).Single(n => n.Name == "GLIBCXX_3.4.32");
            Assert.Equal(ElfVersionPatcher.VerFlagWeak, need.Flags & ElfVersionPatcher.VerFlagWeak);
            // The copy the app ships with is left as it was.
            var shipped = ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(ShippedLibrary())).Single(n => n.Name == "GLIBCXX_3.4.32");
            Assert.Equal(0, shipped.Flags & ElfVersionPatcher.VerFlagWeak);
        }

        [Fact]
        public void The_NuGet_cache_is_never_modified()
        {
            NativeSetup.EnsureLoaded();
            string cached = NuGetCopy();
            Assert.True(File.Exists(cached), $"expected the restored package at {cached}");
            var need = ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(cached)).Single(n => n.Name == "GLIBCXX_3.4.32");
            Assert.Equal(0, need.Flags & ElfVersionPatcher.VerFlagWeak);
        }
    }
}
