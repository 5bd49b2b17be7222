using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rnn.CodeFixes
{
    /// <summary>
    /// RNN0001: a recurrent layer gets [None, features]. Sets <c>ReturnSequences = true</c> on the recurrent layer that
    /// should return a sequence: the producer itself, or, when the producer is a Dense layer, the last recurrent layer
    /// before it (as the diagnostic's message says).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetReturnSequencesCodeFixProvider))]
    [Shared]
    public sealed class SetReturnSequencesCodeFixProvider : CodeFixProvider
    {
        /// <summary>The equivalence key of every action this provider offers, so Fix All applies them together.</summary>
        public const string EquivalenceKey = "RNN0001.SetReturnSequences";

        private const string PropertyName = "ReturnSequences";

        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.NeedsSequence);

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null) return;

            foreach (var diagnostic in context.Diagnostics)
            {
                var producer = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>();
                if (producer is null) continue;
                var target = FindRecurrentLayer(producer, model, context.CancellationToken);
                if (target is null) continue;

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Set ReturnSequences = true on " + RnnAttributes.Display(target),
                        cancellationToken => SetReturnSequencesAsync(context.Document, target, cancellationToken),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>The producer if it is recurrent, otherwise the last recurrent layer declared before it on the same declaration.</summary>
        private static AttributeSyntax? FindRecurrentLayer(AttributeSyntax producer, SemanticModel model, CancellationToken cancellationToken)
        {
            var kind = RnnAttributes.KindOf(producer, model, cancellationToken);
            if (kind == RnnAttributeKind.Recurrent) return producer;
            if (kind != RnnAttributeKind.Dense || producer.Parent?.Parent is not MemberDeclarationSyntax declaration) return null;

            return declaration.AttributeLists
                .SelectMany(list => list.Attributes)
                .TakeWhile(attribute => attribute != producer)
                .LastOrDefault(attribute => RnnAttributes.KindOf(attribute, model, cancellationToken) == RnnAttributeKind.Recurrent);
        }

        private static async Task<Document> SetReturnSequencesAsync(Document document, AttributeSyntax attribute, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) return document;
            return document.WithSyntaxRoot(root.ReplaceNode(attribute, WithReturnSequences(attribute)));
        }

        private static AttributeSyntax WithReturnSequences(AttributeSyntax attribute)
        {
            var trueLiteral = SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
            var arguments = attribute.ArgumentList?.Arguments ?? default;

            var existing = arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == PropertyName);
            if (existing is not null)
            {
                return attribute.ReplaceNode(existing.Expression, trueLiteral.WithTriviaFrom(existing.Expression));
            }

            var argument = SyntaxFactory.AttributeArgument(
                    SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(PropertyName)), null, trueLiteral)
                .NormalizeWhitespace();
            if (attribute.ArgumentList is null || arguments.Count == 0)
            {
                var list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
                return attribute.WithArgumentList(list.WithArguments(SyntaxFactory.SingletonSeparatedList(argument)));
            }

            var separator = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
            return attribute.WithArgumentList(attribute.ArgumentList.WithArguments(
                SyntaxFactory.SeparatedList<AttributeArgumentSyntax>(arguments.GetWithSeparators().Add(separator).Add(argument))));
        }
    }
}
