using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TorchSharp;

namespace Rnn.Runtime.Tests.IO
{
    /// <summary>
    /// The load of <see cref="HostileLoadBoundsTests"/>, in a process of its own (<see cref="TestHost"/>):
    /// <c>hostile-load FILE...</c>. It warms up (loads a good file of each format, so that neither the JIT nor the native
    /// setup is measured), then loads each file into <see cref="HostileFiles.Model"/> and prints one tab-separated line
    /// per file: the path, the milliseconds the load took, the peak resident memory during the load above the memory
    /// before it (kB; the peak is reset before each load through <c>/proc/self/clear_refs</c>), the exception type (or
    /// <c>loaded</c>), the number of lines of its message, and the message's first line.
    /// </summary>
    internal static class HostileLoadChild
    {
        public const string Argument = "hostile-load";

        public static int Run(IReadOnlyList<string> files)
        {
            torch.set_num_threads(1);
            using var model = HostileFiles.Model();
            WarmUp(model);
            foreach (string file in files)
            {
                File.WriteAllText("/proc/self/clear_refs", "5"); // the peak (VmHWM) starts again from the current size
                long before = StatusKilobytes("VmRSS");
                var clock = Stopwatch.StartNew();
                string outcome;
                try
                {
                    model.LoadWeights(file);
                    outcome = "loaded\t1\t";
                }
                catch (Exception e)
                {
                    string[] lines = e.Message.Split('\n');
                    outcome = $"{e.GetType().FullName}\t{lines.Length}\t{lines[0]}";
                }
                clock.Stop();
                long peak = StatusKilobytes("VmHWM") - before;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}\t{clock.Elapsed.TotalMilliseconds:F0}\t{peak}\t{outcome}"));
            }
            return 0;
        }

        private static void WarmUp(RnnModel model)
        {
            string dir = Directory.CreateTempSubdirectory("rnn-warm-").FullName;
            try
            {
                foreach (string name in new[] { "warm.pt", "warm.safetensors", "warm.weights" })
                {
                    string path = Path.Combine(dir, name);
                    model.SaveWeights(path);
                    model.LoadWeights(path);
                }
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        /// <summary>A kB figure of <c>/proc/self/status</c>, e.g. <c>VmRSS</c>.</summary>
        public static long StatusKilobytes(string key, int pid = 0)
        {
            string status = File.ReadAllText(pid == 0 ? "/proc/self/status" : $"/proc/{pid}/status");
            var match = Regex.Match(status, $@"^{key}:\s+(\d+) kB", RegexOptions.Multiline);
            return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        }
    }
}
