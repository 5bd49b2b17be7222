using System.Composition;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Rnn.Generators;

namespace Rnn.CodeFixes
{
    /// <summary>
    /// RNN0001 and RNN0019: a recurrent layer, or another layer that needs a sequence (Conv1D, pooling, Masking), gets
    /// [None, features]. Sets <c>ReturnSequences = true</c> on the recurrent layer the diagnostic names (its span is the
    /// diagnostic's <c>ReturnSequencesTarget</c> property): the producer itself, or, when the producer is another layer,
    /// the last recurrent layer before it, as the message says.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetReturnSequencesCodeFixProvider))]
    [Shared]
    public sealed class SetReturnSequencesCodeFixProvider : RnnCodeFixProvider
    {
        /// <summary>The equivalence key of every action this provider offers, so Fix All applies them together.</summary>
        public const string EquivalenceKey = "RNN0001.SetReturnSequences";

        private const string PropertyName = "ReturnSequences";

        /// <summary>Creates the provider.</summary>
        public SetReturnSequencesCodeFixProvider() : base(DiagnosticIds.NeedsSequence, DiagnosticIds.LayerNeedsSequence) { }

        private protected override CodeAction? CreateFix(Document document, SyntaxNode root, Diagnostic diagnostic)
        {
            if (!TryParseSpan(diagnostic, out var span) || !root.FullSpan.Contains(span)) return null;
            if (root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>() is not { } target) return null;
            return CodeAction.Create(
                "Set ReturnSequences = true on " + RnnAttributes.Display(target),
                cancellationToken => ReplaceAsync(document, target, WithReturnSequences(target), cancellationToken),
                EquivalenceKey);
        }

        /// <summary>The <c>start:length</c> span the analyzer put in the diagnostic's properties.</summary>
        private static bool TryParseSpan(Diagnostic diagnostic, out TextSpan span)
        {
            span = default;
            if (!diagnostic.Properties.TryGetValue(DiagnosticIds.ReturnSequencesTarget, out var value) || value is null) return false;
            var parts = value.Split(':');
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int start)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int length))
                return false;
            span = new TextSpan(start, length);
            return true;
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
