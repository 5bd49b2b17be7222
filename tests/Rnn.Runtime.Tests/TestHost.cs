using System;
using System.Globalization;
using TorchSharp;

namespace Rnn.Runtime.Tests
{
    /// <summary>
    /// The test assembly's entry point (the test SDK's empty one is turned off), so tests can run code in a fresh
    /// process: <c>dotnet exec Rnn.Runtime.Tests.dll native-probe</c> sets up TorchSharp from scratch, computes a sum
    /// and prints what it loaded; <c>onnx-benchmark</c> times the seed model in ONNX Runtime and TorchSharp;
    /// <c>resume-digits</c> is a training run that the resume test kills and resumes; <c>hostile-load</c> loads hostile
    /// weights files and reports each load's time and memory. The test runners never call it.
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
            return 0;
        }
    }
}
