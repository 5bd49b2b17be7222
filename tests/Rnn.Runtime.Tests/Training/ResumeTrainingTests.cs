using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>
    /// Issue 10 §3's acceptance: 4 epochs in one process, against 2 epochs in a process killed with SIGKILL while in
    /// epoch 2, then resumed for the remaining 2 in a new process; every run on one torch thread (<see cref="ResumeChild"/>).
    /// </summary>
    public sealed class ResumeTrainingTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4); // a busy 2-core machine; a run takes seconds
        private readonly ITestOutputHelper _output;

        public ResumeTrainingTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [InlineData("seed")]    // Fit shuffles with its own seeded generator
        [InlineData("no-seed")] // Fit shuffles with TorchSharp's global generator, as dropout draws from it
        public async Task Killed_then_resumed_training_has_the_per_epoch_losses_of_the_uninterrupted_run_to_the_bit(string seed)
        {
            string dir = Path.Combine(Path.GetTempPath(), "rnn-resume-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string backup = Path.Combine(dir, "backup"), checkpoint = Path.Combine(backup, BackupAndRestore.FileName);
                var reference = await RunToEnd(seed, "-", Path.Combine(dir, "reference.json"));

                using (var doomed = Start(seed, backup, Path.Combine(dir, "doomed.json"), hang: true))
                {
                    string? line;
                    while ((line = await doomed.StandardOutput.ReadLineAsync().WaitAsync(Patience)) != ResumeChild.HangMarker)
                        Assert.True(line is not null, "the run to kill ended before it reached epoch 2: " + await doomed.StandardError.ReadToEndAsync());
                    Assert.True(File.Exists(checkpoint), "no checkpoint after epochs 0-1");
                    doomed.Kill(); // SIGKILL
                    await doomed.WaitForExitAsync().WaitAsync(Patience);
                    Assert.Equal(128 + 9, doomed.ExitCode);
                }
                Assert.False(File.Exists(Path.Combine(dir, "doomed.json")));

                var resumed = await RunToEnd(seed, backup, Path.Combine(dir, "resumed.json"));

                _output.WriteLine("reference: " + reference.Output + "\nresumed: " + resumed.Output + "\n" + resumed.History);
                Assert.Contains("restored=none", reference.Output);
                Assert.Contains("epochs=0,1,2,3", reference.Output);
                Assert.Contains("restored=2", resumed.Output);
                Assert.Contains("epochs=2,3", resumed.Output);
                using (var json = JsonDocument.Parse(reference.History))
                {
                    Assert.Equal(ResumeChild.Epochs, json.RootElement.GetProperty("loss").GetArrayLength());
                    Assert.Equal(ResumeChild.Epochs, json.RootElement.GetProperty("val_accuracy").GetArrayLength());
                }
                // Every per-epoch value (loss, accuracy, val_loss, val_accuracy), written with round-trip precision.
                Assert.Equal(reference.History, resumed.History);
                Assert.Equal(Line(reference.Output, "evaluation="), Line(resumed.Output, "evaluation="));
                Assert.False(File.Exists(checkpoint), "the checkpoint should be deleted when training finishes");
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        private static string Line(string output, string key) => output.Split('\n').Single(l => l.StartsWith(key, StringComparison.Ordinal)).Trim();

        private static async Task<(string Output, string History)> RunToEnd(string seed, string backup, string historyPath)
        {
            using var process = Start(seed, backup, historyPath, hang: false);
            var error = process.StandardError.ReadToEndAsync();
            string output = await process.StandardOutput.ReadToEndAsync().WaitAsync(Patience);
            await process.WaitForExitAsync().WaitAsync(Patience);
            Assert.True(process.ExitCode == 0, $"{ResumeChild.Argument} {backup} exited with {process.ExitCode}: {output}{await error}");
            return (output, await File.ReadAllTextAsync(historyPath));
        }

        private static Process Start(string seed, string backup, string historyPath, bool hang)
        {
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(typeof(TestHost).Assembly.Location);
            start.ArgumentList.Add(ResumeChild.Argument);
            start.ArgumentList.Add(seed);
            start.ArgumentList.Add(backup);
            start.ArgumentList.Add(historyPath);
            if (hang) start.ArgumentList.Add("hang");
            return Process.Start(start)!;
        }
    }
}
