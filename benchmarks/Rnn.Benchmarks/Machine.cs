using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Rnn.Benchmarks
{
    /// <summary>What the numbers were measured on: CPU, cores, thread settings and load.</summary>
    internal static class Machine
    {
        public static string Describe()
        {
            string cpu = ReadFirst("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
            return string.Create(CultureInfo.InvariantCulture,
                $"{cpu}; {Environment.ProcessorCount} logical CPUs; {RuntimeInformation.OSDescription}; .NET {Environment.Version}; " +
                $"torch threads {get_num_threads()}, inter-op threads {get_num_interop_threads()}; " +
                $"MALLOC_ARENA_MAX={Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") ?? "unset"}");
        }

        /// <summary>The 1-, 5- and 15-minute load averages (Linux), or "n/a".</summary>
        public static string LoadAverage()
        {
            try
            {
                return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
            catch (IOException)
            {
                return "n/a";
            }
        }

        /// <summary>The resident set size of this process in MB (Linux), or NaN.</summary>
        public static double ResidentMegabytes()
        {
            string? line = ReadFirst("/proc/self/status", "VmRSS");
            if (line is null) return double.NaN;
            var kb = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return double.Parse(kb, CultureInfo.InvariantCulture) / 1024;
        }

        /// <summary>The processor time of the calling thread in seconds (Linux: CLOCK_THREAD_CPUTIME_ID), or NaN elsewhere.</summary>
        public static double ThreadProcessorSeconds()
        {
            if (!OperatingSystem.IsLinux()) return double.NaN;
            return ClockGetTime(ThreadCpuTimeClock, out var time) == 0 ? time.Seconds + time.Nanoseconds * 1e-9 : double.NaN;
        }

        private const int ThreadCpuTimeClock = 3;

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc.so.6", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);

        private static string? ReadFirst(string path, string key)
        {
            try
            {
                var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
                return line?.Substring(line.IndexOf(':') + 1).Trim();
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
