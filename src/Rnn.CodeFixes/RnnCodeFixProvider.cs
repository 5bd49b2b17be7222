using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Rnn.CodeFixes
{
    /// <summary>
    /// The base of every Rnn code fix: the diagnostic IDs it fixes (the generator's own constants), batch Fix All, and
    /// one code action per diagnostic that the subclass can fix.
    /// </summary>
    public abstract class RnnCodeFixProvider : CodeFixProvider
    {
        private readonly ImmutableArray<string> _diagnosticIds;

        /// <summary>Creates a provider for the diagnostics <paramref name="diagnosticIds"/>.</summary>
        private protected RnnCodeFixProvider(params string[] diagnosticIds) => _diagnosticIds = ImmutableArray.Create(diagnosticIds);

        /// <inheritdoc/>
        public sealed override ImmutableArray<string> FixableDiagnosticIds => _diagnosticIds;

        /// <inheritdoc/>
        public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (CreateFix(context.Document, root, diagnostic) is { } action) context.RegisterCodeFix(action, diagnostic);
            }
        }

        /// <summary>The code action that fixes <paramref name="diagnostic"/>, or null when this one cannot be fixed.</summary>
        private protected abstract CodeAction? CreateFix(Document document, SyntaxNode root, Diagnostic diagnostic);

        /// <summary>Replaces <paramref name="node"/> in the document's current root.</summary>
        private protected static async Task<Document> ReplaceAsync<TNode>(Document document, TNode node, TNode replacement, System.Threading.CancellationToken cancellationToken)
            where TNode : SyntaxNode
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
        }
    }
}
