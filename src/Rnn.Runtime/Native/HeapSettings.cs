using System;
using System.Runtime.InteropServices;

namespace Rnn.Native
{
    /// <summary>
    /// Makes glibc's malloc keep freed memory instead of handing it back to the kernel at once. By default it returns
    /// the top of its heap as soon as 128 KB there are free; libtorch frees and allocates the same large buffers every
    /// step, so each step faulted fresh pages in again, and page faults are slow in virtual machines. Measured side by
    /// side on the 2-core VM: Predict of an LSTM in batches of 256 took 7× as long (docs/benchmarks.md).
    /// </summary>
    /// <remarks>
    /// Sets <c>M_TOP_PAD</c> (grow the heap in steps of <see cref="TopPad"/>) and <c>M_TRIM_THRESHOLD</c> (keep up to
    /// <see cref="TrimThreshold"/> free at its top), once, on Linux with glibc. Nothing is set when the user has chosen
    /// glibc's malloc settings (<c>MALLOC_TOP_PAD_</c>, <c>MALLOC_TRIM_THRESHOLD_</c>, <c>MALLOC_MMAP_THRESHOLD_</c> or
    /// <c>GLIBC_TUNABLES</c>) or set <c>RNN_HEAP_SETTINGS=off</c>.
    /// </remarks>
    internal static class HeapSettings
    {
        /// <summary>Bytes the heap grows by at least.</summary>
        public const int TopPad = 256 << 20;

        /// <summary>Free bytes at the top of the heap that are kept rather than returned to the kernel.</summary>
        public const int TrimThreshold = 512 << 20;

        private const int MTrimThreshold = -1, MTopPad = -2;

        private static readonly string[] UserSettings = { "MALLOC_TOP_PAD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES" };

        /// <summary>Whether the settings were applied to this process.</summary>
        public static bool Applied { get; private set; }

        /// <summary>Applies the settings unless <paramref name="environment"/> says not to; returns whether they were applied.</summary>
        public static bool Apply(Func<string, string?> environment)
        {
            if (!OperatingSystem.IsLinux() || !Wanted(environment)) return false;
            try
            {
                Applied = Mallopt(MTopPad, TopPad) == 1 & Mallopt(MTrimThreshold, TrimThreshold) == 1;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                Applied = false; // not glibc (e.g. musl): nothing to tune
            }
            return Applied;
        }

        /// <summary>False when the user chose glibc's malloc settings or turned these off.</summary>
        public static bool Wanted(Func<string, string?> environment) =>
            !string.Equals(environment("RNN_HEAP_SETTINGS"), "off", StringComparison.OrdinalIgnoreCase)
            && Array.TrueForAll(UserSettings, name => string.IsNullOrEmpty(environment(name)));

        [DllImport("libc.so.6", EntryPoint = "mallopt")]
        private static extern int Mallopt(int parameter, int value);
    }
}
