using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rnn.Benchmarks
{
    /// <summary>
    /// A floor for the generator benchmark: finds the models as the Rnn generator does ([Input] through
    /// ForAttributeWithMetadataName, whose transform Roslyn re-runs for every model on every compilation change) and
    /// either writes nothing, or writes a given text per model (the echo baseline) without computing anything.
    /// What remains is Roslyn's own work: the new compilation's symbols, the attribute binding, the driver's bookkeeping,
    /// and, for the echo, parsing the generated files, which the driver does on every run.
    /// </summary>
    /// <remarks>Not marked [Generator]: the benchmark creates it directly, and this assembly is no analyzer.</remarks>
    internal sealed class NoOpGenerator : IIncrementalGenerator
    {
        private readonly IReadOnlyDictionary<string, string>? _sources;

        /// <summary>Writes nothing.</summary>
        public NoOpGenerator() { }

        /// <summary>Writes <paramref name="sources"/>[name] as <c>name.g.cs</c> for each model class found.</summary>
        public NoOpGenerator(IReadOnlyDictionary<string, string> sources) => _sources = sources;

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var names = context.SyntaxProvider.ForAttributeWithMetadataName(
                "Rnn.InputAttribute",
                static (node, _) => node is ClassDeclarationSyntax,
                static (syntax, _) => syntax.TargetSymbol.Name);
            var sources = _sources;
            context.RegisterSourceOutput(names, (production, name) =>
            {
                if (sources is not null && sources.TryGetValue(name, out var text)) production.AddSource(name + ".g.cs", text);
            });
        }
    }
}
