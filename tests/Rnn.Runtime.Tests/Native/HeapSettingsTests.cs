using System;
using System.Collections.Generic;
using Rnn.Native;
using Xunit;

namespace Rnn.Runtime.Tests.Native
{
    public class HeapSettingsTests
    {
        private static Func<string, string?> Environment(params (string Name, string Value)[] variables)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in variables) values[name] = value;
            return name => values.TryGetValue(name, out var value) ? value : null;
        }

        [Fact]
        public void Are_wanted_unless_the_user_chose_mallocs_settings_or_turned_them_off()
        {
            Assert.True(HeapSettings.Wanted(Environment()));
            Assert.True(HeapSettings.Wanted(Environment(("RNN_HEAP_SETTINGS", "on"), ("MALLOC_ARENA_MAX", "2"))));
            Assert.False(HeapSettings.Wanted(Environment(("RNN_HEAP_SETTINGS", "OFF"))));
            foreach (var name in new[] { "MALLOC_TOP_PAD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES" })
                Assert.False(HeapSettings.Wanted(Environment((name, "1"))), name);
        }

        [Fact]
        public void Are_applied_by_the_native_setup_on_linux_with_glibc_when_wanted()
        {
            NativeSetup.EnsureLoaded();
            bool expected = OperatingSystem.IsLinux() && HeapSettings.Wanted(System.Environment.GetEnvironmentVariable);
            Assert.Equal(expected, HeapSettings.Applied); // glibc's mallopt accepted both settings
        }
    }
}
