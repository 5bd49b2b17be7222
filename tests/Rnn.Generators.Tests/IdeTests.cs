extern alias attributes;

using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// The analyzer as an IDE runs it: a workspace project with the analyzer, per-document diagnostics from each new
    /// solution snapshot as the user types, and #pragma, SpecificDiagnosticOptions and .editorconfig honoured.
    /// </summary>
    public class IdeTests
    {
        private const string Valid = """
            using Rnn;

            [Input(28, 28)]
            [SimpleRnn(64, ReturnSequences = true)]
            [Lstm(32)]
            [Dense(10)]
            public partial class MnistRnn { }
            """;

        [Fact]
        public async Task DiagnosticsFollowEditsLive()
        {
            using var workspace = new AdhocWorkspace();
            var document = AddDocument(workspace, Valid);
            Assert.Empty(await DocumentDiagnostics(document));

            // The user deletes ReturnSequences = true: RNN0001 appears on SimpleRnn(64), with Lstm(32) as the consumer.
            document = Edit(workspace, document, ", ReturnSequences = true", "");
            var text = (await document.GetTextAsync()).ToString();
            var d = Assert.Single(await DocumentDiagnostics(document));
            Assert.Equal("RNN0001", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Equal(Span(text, "SimpleRnn(64)"), d.Location.SourceSpan);
            Assert.Equal(new LinePosition(3, 1), d.Location.GetLineSpan().StartLinePosition);
            Assert.Equal(Span(text, "Lstm(32)"), Assert.Single(d.AdditionalLocations).SourceSpan);

            // Half-typed: the compiler reports the broken attribute, the analyzer reports nothing and does not throw.
            document = Edit(workspace, document, "SimpleRnn(64)", "SimpleRnn(64, Retu");
            Assert.Empty(await DocumentDiagnostics(document));

            // Finished typing the fix: no diagnostic left.
            document = Edit(workspace, document, "SimpleRnn(64, Retu", "SimpleRnn(64, ReturnSequences = true)");
            Assert.Equal(Valid, (await document.GetTextAsync()).ToString());
            Assert.Empty(await DocumentDiagnostics(document));
        }

        [Theory]
        [InlineData("RNN0001", "[SimpleRnn(64)]\n[Lstm(32)]\n[Dense(10)]")]
        [InlineData("RNN0011", "[Lstm(32, ReturnSequences = true)]\n[Dense(10)]")]
        public async Task PragmaWarningDisableSuppresses(string id, string layers)
        {
            string source = "using Rnn;\n[Input(28, 28)]\n" + layers + "\npublic partial class M { }\n";
            var reported = Assert.Single(await AllDiagnostics(source, reportSuppressed: true), d => d.Id.StartsWith("RNN"));
            Assert.Equal(id, reported.Id);
            Assert.False(reported.IsSuppressed);

            string suppressed = "#pragma warning disable " + id + "\n" + source;
            Assert.DoesNotContain(await AllDiagnostics(suppressed, reportSuppressed: false), d => d.Id.StartsWith("RNN"));
            var d = Assert.Single(await AllDiagnostics(suppressed, reportSuppressed: true), d => d.Id.StartsWith("RNN"));
            Assert.Equal(id, d.Id);
            Assert.True(d.IsSuppressed);

            // Restored before the model, the pragma no longer covers it.
            string restored = "#pragma warning disable " + id + "\n#pragma warning restore " + id + "\n" + source;
            Assert.Contains(await AllDiagnostics(restored, reportSuppressed: false), d => d.Id == id && !d.IsSuppressed);
        }

        [Fact]
        public async Task SpecificDiagnosticOptionsChangeSeverity()
        {
            using var workspace = new AdhocWorkspace();
            var document = AddDocument(workspace, "using Rnn;\n[Input(28, 28)]\n[Lstm(32, ReturnSequences = true)]\n[Dense(10)]\npublic partial class M { }\n"
                + "[Input(28, 28)]\n[SimpleRnn(64)]\n[Lstm(32)]\npublic partial class N { }\n");
            Assert.Equal(new[] { ("RNN0011", DiagnosticSeverity.Info), ("RNN0001", DiagnosticSeverity.Error) },
                (await DocumentDiagnostics(document)).Select(d => (d.Id, d.Severity)));

            var options = document.Project.CompilationOptions!.WithSpecificDiagnosticOptions(
                document.Project.CompilationOptions.SpecificDiagnosticOptions
                    .SetItem("RNN0011", ReportDiagnostic.Error)
                    .SetItem("RNN0001", ReportDiagnostic.Suppress));
            document = document.Project.WithCompilationOptions(options).GetDocument(document.Id)!;
            Assert.Equal(new[] { ("RNN0011", DiagnosticSeverity.Error) }, (await DocumentDiagnostics(document)).Select(d => (d.Id, d.Severity)));
        }

        [Fact]
        public async Task EditorConfigChangesSeverity()
        {
            using var workspace = new AdhocWorkspace();
            var document = AddDocument(workspace, "using Rnn;\n[Input(28, 28)]\n[Lstm(32, ReturnSequences = true)]\n[Dense(10)]\npublic partial class M { }\n");
            Assert.Equal(DiagnosticSeverity.Info, Assert.Single(await DocumentDiagnostics(document)).Severity);

            var editorConfig = document.Project.AddAnalyzerConfigDocument(
                ".editorconfig", SourceText.From("root = true\n\n[*.cs]\ndotnet_diagnostic.RNN0011.severity = warning\n"), filePath: "/src/.editorconfig");
            document = editorConfig.Project.GetDocument(document.Id)!;
            var d = Assert.Single(await DocumentDiagnostics(document));
            Assert.Equal("RNN0011", d.Id);
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);

            document = editorConfig.Project.RemoveAnalyzerConfigDocument(editorConfig.Id)
                .AddAnalyzerConfigDocument(".editorconfig", SourceText.From("root = true\n\n[*.cs]\ndotnet_diagnostic.RNN0011.severity = none\n"), filePath: "/src/.editorconfig")
                .Project.GetDocument(document.Id)!;
            Assert.Empty(await DocumentDiagnostics(document));
        }

        /// <summary>A C# project with Rnn.Attributes and <see cref="RnnModelAnalyzer"/>, holding one document at /src/Model.cs.</summary>
        private static Document AddDocument(AdhocWorkspace workspace, string source)
        {
            var compilation = GeneratorHarness.CreateCompilation("");
            var project = workspace.AddProject(ProjectInfo.Create(
                ProjectId.CreateNewId(), VersionStamp.Create(), "User", "User", LanguageNames.CSharp,
                filePath: "/src/User.csproj",
                compilationOptions: compilation.Options,
                parseOptions: GeneratorHarness.ParseOptions,
                metadataReferences: compilation.References,
                analyzerReferences: new[] { new AnalyzerImageReference(ImmutableArray.Create<DiagnosticAnalyzer>(new RnnModelAnalyzer())) }));
            var document = workspace.AddDocument(DocumentInfo.Create(
                DocumentId.CreateNewId(project.Id), "Model.cs", loader: TextLoader.From(TextAndVersion.Create(SourceText.From(source), VersionStamp.Create())),
                filePath: "/src/Model.cs"));
            return document;
        }

        /// <summary>Types <paramref name="replacement"/> over the first <paramref name="find"/>, applies it to the workspace, and returns the document from the new snapshot.</summary>
        private static Document Edit(AdhocWorkspace workspace, Document document, string find, string replacement)
        {
            var text = document.GetTextAsync().GetAwaiter().GetResult();
            var edited = document.WithText(text.WithChanges(new TextChange(Span(text.ToString(), find), replacement)));
            Assert.True(workspace.TryApplyChanges(edited.Project.Solution));
            return workspace.CurrentSolution.GetDocument(document.Id)!;
        }

        /// <summary>What the IDE shows for one open document: the project's analyzers on its semantic model, in source order.</summary>
        private static async Task<ImmutableArray<Diagnostic>> DocumentDiagnostics(Document document)
        {
            var project = document.Project;
            var compilation = (await project.GetCompilationAsync())!;
            var analyzers = project.AnalyzerReferences.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).ToImmutableArray();
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions, onAnalyzerException: (e, _, _) => throw e, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            var model = (await document.GetSemanticModelAsync())!;
            var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, default);
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            Assert.All(diagnostics, d => Assert.Same(model.SyntaxTree, d.Location.SourceTree));
            return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
        }

        /// <summary>Compiler and analyzer diagnostics of a one-file compilation, as a build sees them.</summary>
        private static async Task<ImmutableArray<Diagnostic>> AllDiagnostics(string source, bool reportSuppressed)
        {
            var compilation = GeneratorHarness.CreateCompilation(source);
            var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new RnnModelAnalyzer()), new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: (e, _, _) => throw e, concurrentAnalysis: true,
                logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: reportSuppressed));
            return await withAnalyzers.GetAllDiagnosticsAsync();
        }

        private static TextSpan Span(string text, string find)
        {
            int at = text.IndexOf(find, System.StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{find}' not found");
            return new TextSpan(at, find.Length);
        }
    }
}
