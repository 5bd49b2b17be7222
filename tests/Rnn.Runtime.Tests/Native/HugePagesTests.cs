using System;
using System.Collections.Generic;
using Rnn.Native;
using Xunit;

namespace Rnn.Runtime.Tests.Native
{
    public class HugePagesTests
    {
        private static Func<string, string?> Environment(params (string Name, string Value)[] variables)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in variables) values[name] = value;
            return name => values.TryGetValue(name, out var value) ? value : null;
        }

        [Fact]
        public void Are_wanted_when_the_kernel_offers_them_unless_the_user_chose_or_turned_them_off()
        {
            Assert.True(HugePages.Wanted(Environment(), "always [madvise] never\n"));
            Assert.True(HugePages.Wanted(Environment(("RNN_HEAP_SETTINGS", "off")), "[always] madvise never\n"));
            Assert.False(HugePages.Wanted(Environment(), "always madvise [never]\n"));
            Assert.False(HugePages.Wanted(Environment(), null)); // no transparent huge pages in this kernel
            Assert.False(HugePages.Wanted(Environment(("RNN_HUGE_PAGES", "OFF")), "always [madvise] never\n"));
            Assert.False(HugePages.Wanted(Environment((HugePages.Variable, "0")), "always [madvise] never\n"));
        }
    }
}
