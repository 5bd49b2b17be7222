extern alias attributes;

using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Rnn.Generators;
using Xunit;

namespace Rnn.CodeFixes.Tests
{
    /// <summary>
    /// A before/after code-fix test: <see cref="RnnModelAnalyzer"/>'s diagnostics on the before source, the fix applied,
    /// the after source compared exactly, and no Rnn diagnostic left after it.
    /// References come from Basic.Reference.Assemblies, so nothing is downloaded at test time.
    /// </summary>
    internal sealed class CodeFixTest<TCodeFix> : CSharpCodeFixTest<RnnModelAnalyzer, TCodeFix, DefaultVerifier>
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
        }

        /// <summary>Runs the test, then the generator and analyzer on the fixed code: no Rnn error left, and the model is generated.</summary>
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

        /// <summary>Runs the analyzer and the generator on <paramref name="source"/>: no error diagnostics, and at least one generated file.</summary>
        public static void AssertGenerates(string source)
        {
            var tree = CSharpSyntaxTree.ParseText(source);
            var compilation = CSharpCompilation.Create(
                "Fixed",
                new[] { tree },
                Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().Append(AttributesReference),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var diagnostics = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new RnnModelAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            Assert.Empty(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));

            var result = CSharpGeneratorDriver.Create(new[] { new RnnGenerator().AsSourceGenerator() }, parseOptions: (CSharpParseOptions)tree.Options)
                .RunGenerators(compilation).GetRunResult().Results.Single();
            Assert.Null(result.Exception);
            Assert.Empty(result.Diagnostics);
            Assert.NotEmpty(result.GeneratedSources);
        }
    }
}
