using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Rnn.IO;
using Rnn.Native;
using Xunit;

namespace Rnn.Runtime.Tests.Native
{
    /// <summary>The trust model of the native setup: where the repaired library may be written, verified and loaded.</summary>
    [SupportedOSPlatform("linux")]
    public sealed class NativeCacheTests : IDisposable
    {
        private const uint Nobody = 65534;
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-cache-test-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static Func<string, string?> Env(params (string Name, string Value)[] variables)
        {
            var map = variables.ToDictionary(v => v.Name, v => v.Value);
            return name => map.TryGetValue(name, out var value) ? value : null;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);

        /// <summary>A folder, as an attacker would plant it: world-writable and owned by another user.</summary>
        private string Planted(string relative)
        {
            string path = Path.Combine(_dir, relative);
            Directory.CreateDirectory(path);
            File.SetUnixFileMode(path, (UnixFileMode)0x1FF); // 0777
            // The tests run as root in CI, which can give the folder to nobody; as another user it stays world-writable.
            if (UnixFileStatus.EffectiveUserId == 0) Assert.Equal(0, chown(path, Nobody, Nobody));
            return path;
        }

        private string PrivateHome()
        {
            string home = Path.Combine(_dir, "home");
            Directory.CreateDirectory(home, PrivateFolder.OwnerOnly);
            return home;
        }

        [Fact]
        public void Tests_run_with_a_private_temp_folder_so_the_checks_below_are_meaningful()
        {
            Assert.Equal("", PrivateFolder.ChainProblem(UnixFileStatus.RealPath(_dir), includeSelf: true));
        }

        [Fact]
        public void A_folder_owned_by_another_user_is_refused()
        {
            if (UnixFileStatus.EffectiveUserId != 0)
            {
                // Only root can give a folder away; for anyone else a root-owned folder is another user's.
                Assert.False(PrivateFolder.TryEnsure("/usr", out _, out string notOurs));
                Assert.Contains("belongs to uid 0", notOurs);
                return;
            }
            string path = Path.Combine(_dir, "theirs");
            Directory.CreateDirectory(path, PrivateFolder.OwnerOnly);
            Assert.Equal(0, chown(path, Nobody, Nobody));
            Assert.False(PrivateFolder.TryEnsure(path, out _, out string problem));
            Assert.Contains($"belongs to uid {Nobody}", problem);
            Assert.False(PrivateFolder.TryEnsure(Path.Combine(path, "sub"), out _, out problem));
            Assert.Contains($"belongs to uid {Nobody}", problem);
            Assert.False(Directory.Exists(Path.Combine(path, "sub"))); // checked before anything is created below it
        }

        [Fact]
        public void A_world_writable_folder_or_parent_is_refused_even_when_it_is_ours()
        {
            string shared = Path.Combine(_dir, "shared");
            Directory.CreateDirectory(shared);
            File.SetUnixFileMode(shared, (UnixFileMode)0x1FF);
            Assert.False(PrivateFolder.TryEnsure(shared, out _, out string problem));
            Assert.Contains("writable by other users (mode 0777)", problem);
            Assert.False(PrivateFolder.TryEnsure(Path.Combine(shared, "rnn", "native"), out _, out problem));
            Assert.Contains($"'{UnixFileStatus.RealPath(shared)}' is writable by other users", problem);
        }

        [Fact]
        public void A_group_writable_parent_is_refused()
        {
            string group = Path.Combine(_dir, "group");
            Directory.CreateDirectory(group);
            File.SetUnixFileMode(group, (UnixFileMode)Convert.ToInt32("775", 8));
            Assert.False(PrivateFolder.TryEnsure(Path.Combine(group, "cache"), out _, out string problem));
            Assert.Contains("writable by other users (mode 0775)", problem);
        }

        [Fact]
        public void A_sticky_world_writable_parent_is_accepted_only_when_root_owns_it()
        {
            // /tmp-style: root-owned, mode 1777. Our folder inside it is private.
            Assert.True(PrivateFolder.TryEnsure(Path.Combine(_dir, "ours"), out string real, out string problem), problem);
            string tmp = Path.GetDirectoryName(UnixFileStatus.RealPath(_dir))!;
            var tmpStatus = UnixFileStatus.Of(tmp);
            Assert.True(tmpStatus.OwnerId != 0 || !tmpStatus.WritableByOthers || tmpStatus.Sticky, "the temp folder is itself unsafe");

            if (UnixFileStatus.EffectiveUserId != 0) return;
            string sticky = Path.Combine(_dir, "sticky");
            Directory.CreateDirectory(sticky);
            File.SetUnixFileMode(sticky, (UnixFileMode)Convert.ToInt32("1777", 8));
            Assert.True(PrivateFolder.TryEnsure(Path.Combine(sticky, "mine"), out _, out problem), problem); // root-owned sticky
            Assert.Equal(0, chown(sticky, Nobody, Nobody));
            Assert.False(PrivateFolder.TryEnsure(Path.Combine(sticky, "mine"), out _, out problem));
            Assert.Contains("belongs to uid 65534", problem);
        }

        [Fact]
        public void Created_folders_are_0700_and_an_existing_folder_of_ours_is_tightened_to_0700()
        {
            Assert.True(PrivateFolder.TryEnsure(Path.Combine(_dir, "a", "b", "c"), out string real, out string problem), problem);
            foreach (string folder in new[] { "a", "a/b", "a/b/c" })
                Assert.Equal(PrivateFolder.OwnerOnly, File.GetUnixFileMode(Path.Combine(_dir, folder)));
            Assert.Equal(UnixFileStatus.RealPath(Path.Combine(_dir, "a", "b", "c")), real);

            string old = Path.Combine(_dir, "old");
            Directory.CreateDirectory(old);
            File.SetUnixFileMode(old, (UnixFileMode)Convert.ToInt32("755", 8)); // as the previous Rnn versions created it
            Assert.True(PrivateFolder.TryEnsure(old, out _, out problem), problem);
            Assert.Equal(PrivateFolder.OwnerOnly, File.GetUnixFileMode(old));
        }

        [Fact]
        public void A_symbolic_link_is_judged_by_where_it_leads_and_the_resolved_path_is_used()
        {
            string target = Path.Combine(_dir, "target");
            Directory.CreateDirectory(target, PrivateFolder.OwnerOnly);
            string link = Path.Combine(_dir, "link");
            Directory.CreateSymbolicLink(link, target);
            Assert.True(PrivateFolder.TryEnsure(link, out string real, out string problem), problem);
            Assert.Equal(UnixFileStatus.RealPath(target), real);

            string planted = Planted("planted");
            string toPlanted = Path.Combine(_dir, "to-planted");
            Directory.CreateSymbolicLink(toPlanted, planted);
            Assert.False(PrivateFolder.TryEnsure(Path.Combine(toPlanted, "rnn"), out _, out problem));
            Assert.Contains(UnixFileStatus.RealPath(planted), problem);
        }

        [Fact]
        public void A_planted_RNN_NATIVE_CACHE_is_refused_with_a_message_naming_the_variable()
        {
            string planted = Planted("planted-cache");
            var e = Assert.Throws<DllNotFoundException>(() => NativeCache.Open(Env(("RNN_NATIVE_CACHE", planted)), PrivateHome()));
            Assert.Contains($"RNN_NATIVE_CACHE='{planted}' is not a private folder of this user", e.Message);
            Assert.Empty(Directory.GetFileSystemEntries(planted));
        }

        [Fact]
        public void A_planted_XDG_cache_is_bypassed_for_the_private_home_cache()
        {
            string planted = Planted("xdg");
            string plantedNative = Path.Combine(planted, "rnn", "native");
            Directory.CreateDirectory(plantedNative);
            if (UnixFileStatus.EffectiveUserId == 0)
            {
                Assert.Equal(0, chown(Path.Combine(planted, "rnn"), Nobody, Nobody));
                Assert.Equal(0, chown(plantedNative, Nobody, Nobody));
            }
            string home = PrivateHome();
            using var cache = NativeCache.Open(Env(("XDG_CACHE_HOME", planted)), home);
            Assert.Equal(UnixFileStatus.RealPath(Path.Combine(home, ".cache", "rnn", "native")), cache.Folder);
            Assert.False(cache.IsOneOff);
            Assert.Empty(Directory.GetFileSystemEntries(plantedNative));
        }

        [Fact]
        public void The_XDG_cache_comes_first_and_relative_or_missing_folders_are_ignored()
        {
            Assert.Equal(new[] { "/x/rnn/native", "/h/.cache/rnn/native".Replace("/h", _dir) },
                NativeCache.Candidates(Env(("XDG_CACHE_HOME", "/x")), _dir));
            Assert.Equal(new[] { "/c" }, NativeCache.Candidates(Env(("RNN_NATIVE_CACHE", "/c"), ("XDG_CACHE_HOME", "/x")), _dir));
            Assert.Empty(NativeCache.Candidates(Env(("XDG_CACHE_HOME", "relative")), Path.Combine(_dir, "no-such-home")));
            Assert.Empty(NativeCache.Candidates(Env(), null));
        }

        [Fact]
        public void Without_HOME_a_fresh_private_folder_is_made_and_removed_never_a_shared_one()
        {
            string path;
            using (var cache = NativeCache.Open(Env(), home: null))
            {
                path = cache.Folder;
                Assert.True(cache.IsOneOff);
                Assert.Equal(UnixFileStatus.RealPath(Path.GetTempPath()), Path.GetDirectoryName(path));
                Assert.StartsWith("rnn-native-", Path.GetFileName(path));
                Assert.NotEqual("rnn-native", Path.GetFileName(path)); // the shared folder of earlier versions
                var status = UnixFileStatus.Of(path);
                Assert.Equal(UnixFileStatus.EffectiveUserId, status.OwnerId);
                Assert.Equal(PrivateFolder.OwnerOnly, status.Mode);
                using var second = NativeCache.Open(Env(), home: null);
                Assert.NotEqual(path, second.Folder); // a new random name each time: nothing to pre-plant
            }
            Assert.False(Directory.Exists(path));
        }

        [Fact]
        public void A_cached_copy_is_used_only_if_its_hash_matches_and_is_otherwise_rewritten()
        {
            string folder = UnixFileStatus.RealPath(_dir);
            byte[] good = RandomNumberGenerator.GetBytes(4096);
            using (var first = VerifiedCopy.Write(folder, "lib.so", good))
                Assert.Equal(good, File.ReadAllBytes(first.LoadPath));
            Assert.Equal(VerifiedCopy.OwnerReadWrite, File.GetUnixFileMode(Path.Combine(folder, "lib.so")));

            File.WriteAllBytes(Path.Combine(folder, "lib.so"), Tampered(good));
            using (var second = VerifiedCopy.Write(folder, "lib.so", good))
                Assert.Equal(good, File.ReadAllBytes(second.LoadPath));
            Assert.Equal(good, File.ReadAllBytes(Path.Combine(folder, "lib.so")));
        }

        [Fact]
        public void A_file_swapped_after_the_copy_is_never_loaded()
        {
            string folder = UnixFileStatus.RealPath(_dir);
            byte[] good = RandomNumberGenerator.GetBytes(4096);
            byte[] hash = SHA256.HashData(good);
            string path = Path.Combine(folder, "lib.so");
            AtomicFile.WriteBytes(path, good, VerifiedCopy.OwnerReadWrite);

            // Swapped before verification: refused.
            string evil = Path.Combine(folder, "evil.so");
            File.WriteAllBytes(evil, Tampered(good));
            File.Move(evil, path, overwrite: true);
            Assert.Null(VerifiedCopy.TryOpen(path, hash, out string problem));
            Assert.Contains("SHA-256", problem);

            // Swapped after verification: the load path still names the verified file, not the new one.
            AtomicFile.WriteBytes(path, good, VerifiedCopy.OwnerReadWrite);
            using var copy = VerifiedCopy.TryOpen(path, hash, out problem);
            Assert.NotNull(copy);
            File.WriteAllBytes(evil, Tampered(good));
            File.Move(evil, path, overwrite: true);
            Assert.NotEqual(path, copy!.LoadPath);
            Assert.Equal(good, File.ReadAllBytes(copy.LoadPath));
        }

        [Fact]
        public void A_copy_others_can_write_is_not_trusted_even_with_the_right_bytes()
        {
            string path = Path.Combine(_dir, "lib.so");
            byte[] good = RandomNumberGenerator.GetBytes(64);
            File.WriteAllBytes(path, good);
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("666", 8));
            Assert.Null(VerifiedCopy.TryOpen(path, SHA256.HashData(good), out string problem));
            Assert.Contains("other users can write it", problem);
        }

        private static byte[] Tampered(byte[] bytes)
        {
            var copy = (byte[])bytes.Clone();
            copy[copy.Length / 2] ^= 0xFF;
            return copy;
        }
    }
}
