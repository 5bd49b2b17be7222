using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Rnn.Generators
{
    /// <summary>
    /// Reports every RNNxxxx diagnostic, live in the IDE and in the build (<see cref="RnnGenerator.Diagnose"/>).
    /// <see cref="RnnGenerator"/> runs the same analysis (<see cref="RnnGenerator.Analyze"/>) but only emits source, so
    /// nothing is reported twice, and only here are the problems joined with their locations. Locations are in source, so <c>#pragma warning disable</c>
    /// and .editorconfig severities apply.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RnnModelAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.All);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                // The Rnn symbols are resolved once per compilation (shared with the generator); every type is then checked against them.
                var symbols = RnnSymbols.For(start.Compilation);
                if (!symbols.Any) return;
                start.RegisterSymbolAction(symbolContext =>
                {
                    if (symbolContext.Symbol is not INamedTypeSymbol type) return;
                    foreach (var diagnostic in RnnGenerator.Diagnose(type, symbols, symbolContext.CancellationToken))
                        symbolContext.ReportDiagnostic(diagnostic.ToDiagnostic());
                }, SymbolKind.NamedType);
            });
        }
    }
}
