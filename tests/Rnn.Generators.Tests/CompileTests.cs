using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>The generated code in a strict user project: warnings as errors, every warning wave, XML docs checked.</summary>
    public class CompileTests
    {
        public static TheoryData<int> ValidModels() => new(Enumerable.Range(0, Models.AllValid.Length));

        [Theory]
        [MemberData(nameof(ValidModels))]
        public void GeneratedCodeCompilesWithWarningsAsErrors(int index)
        {
            var compilation = GeneratorHarness.CreateCompilation(Models.AllValid[index], withRuntime: true);
            var strict = compilation.WithOptions(((CSharpCompilationOptions)compilation.Options)
                .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
                .WithWarningLevel(9999));
            var run = GeneratorHarness.Run(strict);
            Assert.NotEmpty(run.Sources);
            Assert.All(run.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity)); // RNN0011 stays information
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        }

        [Fact]
        public void StrictOptionsDoCatchAMissingDocComment()
        {
            // The same check fails when a public member lacks docs, so the test above can fail.
            var compilation = GeneratorHarness.CreateCompilation("public class Undocumented { }", withRuntime: true);
            var strict = compilation.WithOptions(((CSharpCompilationOptions)compilation.Options).WithGeneralDiagnosticOption(ReportDiagnostic.Error));
            Assert.Contains(strict.GetDiagnostics(), d => d.Id == "CS1591" && d.Severity == DiagnosticSeverity.Error);
        }
    }
}
