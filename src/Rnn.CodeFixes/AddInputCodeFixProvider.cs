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
    /// RNN0003: layers without [Input]. Inserts <c>[Input(timesteps: 1, features: 1)]</c> on its own line before the
    /// first layer. The named placeholders compile and make the model valid, and say which number is which, so the user
    /// can put in the real shape.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddInputCodeFixProvider))]
    [Shared]
    public sealed class AddInputCodeFixProvider : RnnCodeFixProvider
    {
        /// <summary>The equivalence key of every action this provider offers, so Fix All applies them together.</summary>
        public const string EquivalenceKey = "RNN0003.AddInput";

        /// <summary>The title of the action.</summary>
        public const string Title = "Add [Input(timesteps, features)]";

        /// <summary>Creates the provider.</summary>
        public AddInputCodeFixProvider() : base(Generators.DiagnosticIds.MissingInput) { }

        private protected override CodeAction? CreateFix(Document document, SyntaxNode root, Diagnostic diagnostic)
        {
            // The diagnostic is on the first layer attribute.
            var layer = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>();
            if (layer?.Parent is not AttributeListSyntax list || list.Parent is not MemberDeclarationSyntax) return null;
            return CodeAction.Create(Title, cancellationToken => AddInputAsync(document, layer, cancellationToken), EquivalenceKey);
        }

        private static async Task<Document> AddInputAsync(Document document, AttributeSyntax layer, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || layer.Parent is not AttributeListSyntax list || list.Parent is not MemberDeclarationSyntax declaration) return document;

            // The new list takes everything before the layer's list (doc comments, indentation); the layer's list keeps the indentation.
            var leading = list.GetLeadingTrivia();
            int indentationStart = leading.Count;
            while (indentationStart > 0 && leading[indentationStart - 1].IsKind(SyntaxKind.WhitespaceTrivia)) indentationStart--;
            var indentation = SyntaxFactory.TriviaList(leading.Skip(indentationStart));

            var input = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.Attribute(
                        InputName(layer.Name),
                        SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(new[]
                        {
                            Placeholder("timesteps"),
                            Placeholder("features"),
                        })))))
                .NormalizeWhitespace()
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(EndOfLine(root, list));

            var lists = declaration.AttributeLists;
            var updated = lists.Replace(list, list.WithLeadingTrivia(indentation)).Insert(lists.IndexOf(list), input);
            var newDeclaration = declaration switch
            {
                TypeDeclarationSyntax type => type.WithAttributeLists(updated),
                _ => declaration,
            };
            return document.WithSyntaxRoot(root.ReplaceNode(declaration, newDeclaration));
        }

        private static AttributeArgumentSyntax Placeholder(string parameter) =>
            SyntaxFactory.AttributeArgument(
                null,
                SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(parameter)),
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1)));

        /// <summary><c>Input</c>, qualified as the layer is: <c>Rnn.Lstm</c> gives <c>Rnn.Input</c>.</summary>
        private static NameSyntax InputName(NameSyntax layerName)
        {
            var input = SyntaxFactory.IdentifierName(Generators.RnnNames.InputAttributeShortName);
            return layerName is QualifiedNameSyntax qualified ? SyntaxFactory.QualifiedName(qualified.Left, input) : input;
        }

        /// <summary>The line break the document already uses after the layer's list, or elsewhere, or a plain newline.</summary>
        private static SyntaxTrivia EndOfLine(SyntaxNode root, AttributeListSyntax list)
        {
            foreach (var trivia in list.GetTrailingTrivia().Concat(root.DescendantTrivia()))
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia)) return trivia;
            }
            return SyntaxFactory.LineFeed;
        }
    }
}
