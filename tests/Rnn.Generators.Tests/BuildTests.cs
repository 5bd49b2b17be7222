using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// A real <c>dotnet build</c> of a throwaway project that references the generator as an analyzer, as a user's
    /// project does: an invalid stack fails the build with RNN0001 at its line and column, the fixed stack builds.
    /// </summary>
    public class BuildTests
    {
        private const string Invalid = """
            using Rnn;

            [Input(28, 28)]
            [SimpleRnn(64)]
            [Lstm(32)]
            [Dense(10)]
            public partial class MnistRnn { }
            """;

        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

        private readonly ITestOutputHelper _output;

        public BuildTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void InvalidStackFailsTheBuildAtTheAttributeAndTheFixBuilds()
        {
            string root = RepositoryRoot();
            string folder = Path.Combine(Path.GetTempPath(), "rnn-build-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                // Outside the repository, so none of its Directory.Build.* or global.json apply; bin/ and obj/ are the
                // temp folder's own. The referenced src projects build into their usual folders.
                File.WriteAllText(Path.Combine(folder, "User.csproj"), $"""
                    <Project Sdk="Microsoft.NET.Sdk">
                      <PropertyGroup>
                        <TargetFramework>net10.0</TargetFramework>
                        <Nullable>enable</Nullable>
                      </PropertyGroup>
                      <ItemGroup>
                        <ProjectReference Include="{Path.Combine(root, "src", "Rnn.Attributes", "Rnn.Attributes.csproj")}" />
                        <ProjectReference Include="{Path.Combine(root, "src", "Rnn.Runtime", "Rnn.Runtime.csproj")}" />
                        <ProjectReference Include="{Path.Combine(root, "src", "Rnn.Generators", "Rnn.Generators.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                      </ItemGroup>
                    </Project>
                    """);
                string program = Path.Combine(folder, "Program.cs");

                File.WriteAllText(program, Invalid);
                var (exitCode, output) = Build(folder);
                Assert.True(exitCode != 0, "The invalid stack built:\n" + output);
                // [SimpleRnn(64)] is on line 4; the diagnostic starts at SimpleRnn, column 2.
                Assert.Contains("Program.cs(4,2): error RNN0001: [None, 28, 28] → SimpleRnn(64) → [None, 64]; Lstm(32) needs a sequence", output);
                Assert.Single(output.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct());

                File.WriteAllText(program, Invalid.Replace("[SimpleRnn(64)]", "[SimpleRnn(64, ReturnSequences = true)]"));
                (exitCode, output) = Build(folder);
                Assert.True(exitCode == 0, "The fixed stack did not build:\n" + output);
                Assert.DoesNotContain("RNN0", output);
                Assert.True(File.Exists(Path.Combine(folder, "bin", "Debug", "net10.0", "User.dll")));
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        /// <summary>Runs <c>dotnet build</c>; retries once when a referenced project's files were locked by a concurrent build.</summary>
        private (int ExitCode, string Output) Build(string folder)
        {
            var result = BuildOnce(folder);
            if (result.ExitCode != 0 && new[] { "MSB3026", "MSB3027", "MSB3021", "being used by another process" }.Any(result.Output.Contains))
            {
                _output.WriteLine("File in use; building again.");
                result = BuildOnce(folder);
            }
            return result;
        }

        private (int ExitCode, string Output) BuildOnce(string folder)
        {
            // No node reuse and no compiler server: the build leaves no process behind.
            var start = new ProcessStartInfo("dotnet", "build -nologo -v:q -nodeReuse:false -p:UseSharedCompilation=false -p:BuildProjectReferences=true")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // The test host's MSBuild settings must not leak into the child build.
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
                start.Environment.Remove(name);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet build did not finish in {Timeout.TotalMinutes} minutes:\n{output}");
            }
            process.WaitForExit(); // flush the redirected output
            _output.WriteLine($"dotnet build: exit code {process.ExitCode}, {clock.Elapsed.TotalSeconds:F1} s");
            string text;
            lock (output) text = output.ToString();
            _output.WriteLine(text);
            return (process.ExitCode, text);
        }

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Rnn.sln"))) return dir.FullName;
            }
            throw new DirectoryNotFoundException("Rnn.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
