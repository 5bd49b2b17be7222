using System;
using System.Globalization;
using System.IO;
using System.Linq;
using TorchSharp;

namespace Rnn.Runtime.Tests
{
    /// <summary>
    /// The test assembly's entry point (the test SDK's empty one is turned off), so tests can run code in a fresh
    /// process: <c>dotnet exec Rnn.Runtime.Tests.dll native-probe</c> sets up TorchSharp from scratch, computes a sum
    /// and prints what it loaded and whether a 4 MB tensor lies in memory advised to use huge pages;
    /// <c>onnx-benchmark</c> times the seed model in ONNX Runtime and TorchSharp; <c>resume-digits</c> is a training run
    /// that the resume test kills and resumes; <c>hostile-load</c> loads hostile weights files and reports each load's
    /// time and memory. The test runners never call it.
    /// </summary>
    public static class TestHost
    {
        /// <summary>The argument that runs the native setup probe.</summary>
        public const string NativeProbe = "native-probe";

        /// <summary>Runs the probe named by the single argument; exit code 2 for anything else.</summary>
        public static int Main(string[] args)
        {
            if (args is [Onnx.OnnxBenchmark.Argument]) return Onnx.OnnxBenchmark.Run();
            if (args is [Training.ResumeChild.Argument, .. var rest]) return Training.ResumeChild.Run(rest);
            if (args is [IO.HostileLoadChild.Argument, .. var files]) return IO.HostileLoadChild.Run(files);
            if (args is not [NativeProbe]) return 2;
            NativeSetup.EnsureLoaded();
            using var values = torch.arange(1, 5, dtype: torch.int64);
            Console.WriteLine("sum=" + values.sum().item<long>().ToString(CultureInfo.InvariantCulture));
            Console.WriteLine("patched=" + NativeSetup.PatchedLibraryPath);
            using var large = torch.empty(1 << 20, dtype: torch.float32); // 4 MB: libtorch advises huge pages from 2 MB up
            Console.WriteLine("hugepages=" + (HugePagesAdvised(large.storage<float>().data_ptr().ToInt64()) ? "yes" : "no"));
            return 0;
        }

        /// <summary>Whether the mapping that holds <paramref name="address"/> was advised to use huge pages (flag <c>hg</c> in /proc/self/smaps).</summary>
        private static bool HugePagesAdvised(long address)
        {
            bool inside = false;
            foreach (string line in File.ReadLines("/proc/self/smaps"))
            {
                var range = line.Split(' ')[0].Split('-');
                if (range.Length == 2 && long.TryParse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long start)
                    && long.TryParse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long end))
                    inside = start <= address && address < end;
                else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
                    return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("hg");
            }
            return false;
        }
    }
}
