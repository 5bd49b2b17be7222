using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Rnn.Native
{
    /// <summary>
    /// Has libtorch back its CPU tensors of 2 MB and more with transparent huge pages, by setting its
    /// <c>THP_MEM_ALLOC_ENABLE=1</c> before it first allocates. libtorch's CPU LSTM (oneDNN's kernel) allocates buffers
    /// that grow with batch × time × units (two of 18–19 MB per step for 64 × 28 × 128); when glibc hands them out as fresh
    /// mappings, touching them costs one page fault per 4 KB, and page faults are slow in virtual machines. That was the
    /// LSTM "batch cliff": at batch 128 and 256 a step faulted in 20–40 MB (5,000–10,000 faults) and took twice the time
    /// per sample of batch 64, whose buffers glibc happened to reuse (docs/benchmarks.md). With huge pages a fresh
    /// buffer costs one fault per 2 MB.
    /// </summary>
    /// <remarks>
    /// Linux only, once, and only when the kernel offers transparent huge pages to programs that ask for them
    /// (<c>/sys/kernel/mm/transparent_hugepage/enabled</c> is <c>always</c> or <c>madvise</c>). Nothing is set when
    /// <c>THP_MEM_ALLOC_ENABLE</c> is already in the environment or <c>RNN_HUGE_PAGES=off</c>. libtorch reads the
    /// variable at its first allocation, so this must run before the first tensor exists (<see cref="NativeSetup"/> does).
    /// </remarks>
    internal static class HugePages
    {
        /// <summary>The environment variable libtorch's CPU allocator reads (c10/core/impl/alloc_cpu.cpp).</summary>
        public const string Variable = "THP_MEM_ALLOC_ENABLE";

        private const string ModeFile = "/sys/kernel/mm/transparent_hugepage/enabled";

        /// <summary>Whether the variable was set for this process.</summary>
        public static bool Applied { get; private set; }

        /// <summary>Sets the variable unless <paramref name="environment"/> or the kernel says not to; returns whether it was set.</summary>
        public static bool Apply(Func<string, string?> environment)
        {
            if (!OperatingSystem.IsLinux() || !Wanted(environment, ReadMode())) return false;
            try
            {
                Applied = SetEnv(Variable, "1", overwrite: 0) == 0;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                Applied = false;
            }
            return Applied;
        }

        /// <summary>
        /// False when the user set the variable or <c>RNN_HUGE_PAGES=off</c>, or when <paramref name="mode"/> (the contents
        /// of the kernel's mode file, e.g. <c>always [madvise] never</c>; null if absent) does not offer huge pages on request.
        /// </summary>
        public static bool Wanted(Func<string, string?> environment, string? mode) =>
            !string.Equals(environment("RNN_HUGE_PAGES"), "off", StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrEmpty(environment(Variable))
            && mode is not null && (mode.Contains("[always]", StringComparison.Ordinal) || mode.Contains("[madvise]", StringComparison.Ordinal));

        private static string? ReadMode()
        {
            try
            {
                return File.ReadAllText(ModeFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        [DllImport("libc.so.6", EntryPoint = "setenv")]
        private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
    }
}
