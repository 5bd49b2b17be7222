extern alias attributes;

using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Rnn.CodeFixes.Tests
{
    /// <summary>
    /// A before/after code-fix test: the generator's diagnostics (through <see cref="GeneratorDiagnosticsAnalyzer"/>) on
    /// the before source, the fix applied, the after source compared exactly, and no Rnn diagnostic left after it.
    /// References come from Basic.Reference.Assemblies, so nothing is downloaded at test time.
    /// </summary>
    internal sealed class CodeFixTest<TCodeFix> : CSharpCodeFixTest<GeneratorDiagnosticsAnalyzer, TCodeFix, DefaultVerifier>
        where TCodeFix : CodeFixProvider, new()
    {
        private static readonly MetadataReference AttributesReference =
            MetadataReference.CreateFromFile(typeof(attributes::Rnn.InputAttribute).Assembly.Location);

        public CodeFixTest(string before, string after)
        {
            ReferenceAssemblies = new ReferenceAssemblies("net8.0");
            TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net80.References.All);
            TestState.AdditionalReferences.Add(AttributesReference);
            TestCode = before;
            FixedCode = after;
            // The generator knows nothing of generated-code headers or suppressions; those checks are for real analyzers.
            TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck | TestBehaviors.SkipSuppressionCheck;
        }

        /// <summary>Runs the test, then runs the generator on the fixed code: no Rnn error left, and the model is generated.</summary>
        public static Task VerifyAsync(string before, string after, string title, string equivalenceKey, params DiagnosticResult[] expected) =>
            VerifyAsync(before, after, new[] { title }, equivalenceKey, expected);

        /// <summary>As above, for several models in one document: each fix's title is one of <paramref name="titles"/>.</summary>
        public static async Task VerifyAsync(string before, string after, string[] titles, string equivalenceKey, params DiagnosticResult[] expected)
        {
            var test = new CodeFixTest<TCodeFix>(before, after)
            {
                CodeActionEquivalenceKey = equivalenceKey,
                CodeActionVerifier = (action, verifier) =>
                    verifier.True(titles.Contains(action.Title), $"Code action title '{action.Title}' is not one of: {string.Join(", ", titles)}"),
            };
            test.ExpectedDiagnostics.AddRange(expected);
            await test.RunAsync(CancellationToken.None);
            AssertGenerates(after);
        }

        /// <summary>Runs the generator on <paramref name="source"/>: no error diagnostics, and at least one generated file.</summary>
        public static void AssertGenerates(string source)
        {
            var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
                "Fixed",
                new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source) },
                Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().Append(AttributesReference),
                new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var result = GeneratorRunner.Run(compilation);
            Assert.Null(result.Exception);
            Assert.Empty(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.NotEmpty(result.GeneratedSources);
        }
    }
}
