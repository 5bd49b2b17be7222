using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Rnn.Runtime.Tests.IO
{
    /// <summary>
    /// Issue 19's acceptance: every hostile weights file (<see cref="HostileFiles.WriteCatalogue"/>: issue 19's 394 KB
    /// pickle of 400 million opcodes, a pickle of too many values, a string longer than its pickle, a deflated storage
    /// of 300 MB, a decoy entry, a bad stride, a wrapping safetensors shape, and in each format a named pipe, links to
    /// /dev/zero and /dev/urandom and a folder) is refused with an InvalidDataException or ArgumentException whose
    /// message is one line naming the file, each load taking at most 2 s and 256 MB of memory beyond what the process
    /// held before it. The loads run in a child process (<see cref="HostileLoadChild"/>) under a memory limit: its
    /// managed heap is capped at 1 GB (<c>DOTNET_GCHeapHardLimit</c>) and a watchdog kills it above 2 GB resident; the
    /// child itself measures each load (time, and the peak resident memory, reset before each load).
    /// </summary>
    public sealed class HostileLoadBoundsTests : IDisposable
    {
        private const long MaxFileBytes = 1 << 20;
        private const double MaxLoadMilliseconds = 2000;
        private const long MaxPeakKilobytes = 256 * 1024;
        private const long KillAboveKilobytes = 2L * 1024 * 1024;
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5); // for the child's start on a loaded machine, not the loads
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-bounds-").FullName;
        private readonly ITestOutputHelper _output;

        public HostileLoadBoundsTests(ITestOutputHelper output) => _output = output;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [Fact]
        public async Task Every_hostile_file_is_refused_within_2_s_and_256_MB_in_a_child_process()
        {
            var files = HostileFiles.WriteCatalogue(_dir);
            Assert.All(files.Where(File.Exists).Where(f => new FileInfo(f).LinkTarget is null), f => Assert.InRange(new FileInfo(f).Length, 0, MaxFileBytes - 1));

            var (lines, largest) = await RunChild(files);

            _output.WriteLine($"child's largest resident size: {largest / 1024} MB");
            foreach (string file in files)
            {
                string[] fields = lines.SingleOrDefault(l => l.StartsWith(file + "\t", StringComparison.Ordinal))?.Split('\t')
                    ?? throw new Xunit.Sdk.XunitException($"the child did not report {file}:\n{string.Join("\n", lines)}");
                double milliseconds = double.Parse(fields[1], CultureInfo.InvariantCulture);
                long peak = long.Parse(fields[2], CultureInfo.InvariantCulture);
                string name = Path.GetFileName(file);
                _output.WriteLine($"{name}: {milliseconds} ms, {peak / 1024.0:F1} MB, {fields[3]}: {fields[5]}");
                Assert.True(fields[3] is "System.IO.InvalidDataException" or "System.ArgumentException", $"{name}: {fields[3]}: {fields[5]}");
                Assert.True(fields[4] == "1", $"{name}: a message of {fields[4]} lines: {fields[5]}");
                Assert.Contains($"'{file}'", fields[5]);
                Assert.True(milliseconds <= MaxLoadMilliseconds, $"{name}: the load took {milliseconds} ms");
                Assert.True(peak <= MaxPeakKilobytes, $"{name}: the load took {peak / 1024} MB beyond what the process held");
            }
        }

        /// <summary>Runs <see cref="HostileLoadChild"/> on <paramref name="files"/>; its output lines and its largest resident size (kB) seen by the watchdog.</summary>
        private static async Task<(string[] Lines, long Largest)> RunChild(System.Collections.Generic.IReadOnlyList<string> files)
        {
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(typeof(TestHost).Assembly.Location);
            start.ArgumentList.Add(HostileLoadChild.Argument);
            foreach (string file in files) start.ArgumentList.Add(file);
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x40000000"; // 1 GB: a managed memory bomb fails in the child, not the machine
            using var child = Process.Start(start)!;
            var output = child.StandardOutput.ReadToEndAsync();
            var error = child.StandardError.ReadToEndAsync();
            long largest = 0;
            var clock = Stopwatch.StartNew();
            while (!child.HasExited)
            {
                long resident = Resident(child.Id);
                largest = Math.Max(largest, resident);
                if (resident > KillAboveKilobytes || clock.Elapsed > Patience)
                {
                    child.Kill(entireProcessTree: true);
                    await child.WaitForExitAsync();
                    throw new Xunit.Sdk.XunitException($"the child was killed after {clock.Elapsed.TotalSeconds:F0} s at {resident / 1024} MB resident:\n{await output}{await error}");
                }
                await Task.Delay(50);
            }
            Assert.True(child.ExitCode == 0, $"the child exited with {child.ExitCode}:\n{await output}{await error}");
            return ((await output).Split('\n', StringSplitOptions.RemoveEmptyEntries), largest);
        }

        private static long Resident(int pid)
        {
            try
            {
                return HostileLoadChild.StatusKilobytes("VmRSS", pid);
            }
            catch (IOException)
            {
                return 0; // it just exited
            }
        }
    }
}
