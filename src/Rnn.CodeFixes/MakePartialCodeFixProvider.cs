using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rnn.CodeFixes
{
    /// <summary>RNN0005: the model class is not partial. Adds <c>partial</c> after the other modifiers, right before <c>class</c>.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFixProvider))]
    [Shared]
    public sealed class MakePartialCodeFixProvider : RnnCodeFixProvider
    {
        /// <summary>The equivalence key of every action this provider offers, so Fix All applies them together.</summary>
        public const string EquivalenceKey = "RNN0005.MakePartial";

        /// <summary>Creates the provider.</summary>
        public MakePartialCodeFixProvider() : base(Generators.DiagnosticIds.NotPartial) { }

        private protected override CodeAction? CreateFix(Document document, SyntaxNode root, Diagnostic diagnostic)
        {
            // The diagnostic is on the class name.
            var declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (declaration is null || declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return null;
            return CodeAction.Create(
                "Make " + declaration.Identifier.ValueText + " partial",
                cancellationToken => ReplaceAsync(document, declaration, WithPartial(declaration), cancellationToken),
                EquivalenceKey);
        }

        private static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax declaration)
        {
            var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (declaration.Modifiers.Count > 0)
            {
                // 'partial' must come right before 'class': after every other modifier, whose trailing space it keeps.
                return declaration.WithModifiers(declaration.Modifiers.Add(partial));
            }

            // No modifiers: 'partial' takes the indentation (and any comments) that stood before 'class'.
            var keyword = declaration.Keyword;
            return declaration
                .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
                .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
        }
    }
}
