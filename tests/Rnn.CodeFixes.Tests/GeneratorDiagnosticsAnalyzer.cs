using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Rnn.Generators;

namespace Rnn.CodeFixes.Tests
{
    /// <summary>
    /// Test-only bridge: the Roslyn testing library runs analyzers, and the Rnn diagnostics come from a source generator.
    /// This analyzer runs <see cref="RnnGenerator"/> on the compilation and reports what it reports.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class GeneratorDiagnosticsAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>RNN0001…RNN0015, as read from the generator's descriptors.</summary>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = GeneratorDescriptors.All;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            // Per document, as an IDE shows them: diagnostics reported from a semantic model action are local to its tree,
            // which is what the code-fix testing library requires of a fixable diagnostic.
            context.RegisterSemanticModelAction(modelContext =>
            {
                var tree = modelContext.SemanticModel.SyntaxTree;
                foreach (var diagnostic in GeneratorRunner.Run(modelContext.SemanticModel.Compilation).Diagnostics)
                {
                    if (diagnostic.Location.SourceTree == tree) modelContext.ReportDiagnostic(diagnostic);
                }
            });
        }
    }

    /// <summary>Runs the generator once on a compilation.</summary>
    internal static class GeneratorRunner
    {
        public static GeneratorRunResult Run(Compilation compilation)
        {
            var parseOptions = compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions;
            var driver = CSharpGeneratorDriver.Create(new[] { new RnnGenerator().AsSourceGenerator() }, parseOptions: parseOptions)
                .RunGenerators(compilation);
            return driver.GetRunResult().Results.Single();
        }
    }
}
