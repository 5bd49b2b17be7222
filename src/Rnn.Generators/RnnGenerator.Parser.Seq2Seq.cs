using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    public sealed partial class RnnGenerator
    {
        internal static partial class Parser
        {
            private static readonly SymbolDisplayFormat PartFormat = new SymbolDisplayFormat(
                typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
                genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
                miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

            /// <summary>The generator's entry for a class carrying [Seq2Seq].</summary>
            public static Seq2SeqResult? ParseSeq2Seq(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
                context.TargetSymbol is INamedTypeSymbol { TypeKind: TypeKind.Class } type
                    ? ParseSeq2Seq(type, RnnSymbols.For(context.SemanticModel.Compilation), cancellationToken)
                    : null;

            /// <summary>
            /// A <c>[Seq2Seq(typeof(Encoder), typeof(Decoder))]</c> class as data, or null when <paramref name="type"/> has no
            /// [Seq2Seq]: the class checked as every model class is (RNN0005-RNN0007, RNN0012, RNN0014, RNN0027), without
            /// layers of its own (RNN0036), and each part parsed as the declared model it should be. The parts' analyses,
            /// which of the user's members clash and the join's own checks come after (<see cref="AnalyzeSeq2Seq"/>). Never throws.
            /// </summary>
            public static Seq2SeqResult? ParseSeq2Seq(INamedTypeSymbol type, RnnSymbols symbols, CancellationToken cancellationToken)
            {
                if (symbols.Seq2SeqOf(type) is not { } attribute) return null;
                var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                bool usable = syntax is not null && IsUsable(attribute, syntax) && attribute.ConstructorArguments.Length == 2;
                var location = syntax is not null && attribute.AttributeConstructor is { } constructor
                    ? Locate(syntax, constructor)
                    : new AttributeLocation(LocationInfo.From(syntax), EquatableArray<ArgumentLocation>.Empty);

                var diagnostics = new List<DiagnosticInfo>();
                var name = syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } declaration
                    ? LocationInfo.From(declaration.Identifier)
                    : LocationInfo.From(type.Locations.FirstOrDefault());
                bool baseBound = CheckType(type, name, diagnostics, symbols.IsSeq2SeqModel, TypeNames.Seq2SeqModel, cancellationToken);
                CheckOwnLayers(type, symbols, diagnostics, cancellationToken);
                CheckPrimaryConstructor(type, diagnostics, cancellationToken);

                var (encoder, encoderLocations) = usable ? ParsePart(Seq2SeqRole.Encoder, attribute.ConstructorArguments[0], type, symbols, cancellationToken) : (null, PartLocations.None);
                var (decoder, decoderLocations) = usable ? ParsePart(Seq2SeqRole.Decoder, attribute.ConstructorArguments[1], type, symbols, cancellationToken) : (null, PartLocations.None);
                var (members, memberLocations) = ReadUserMembers(type, ModelMembers.OfSeq2Seq(type.Name).Select(m => m.Name), cancellationToken);
                var parsed = new Seq2SeqDeclaration(Hierarchy(type), type.Name, encoder, decoder, usable && baseBound && diagnostics.Count == 0, members);
                return new Seq2SeqResult(parsed, location, encoderLocations, decoderLocations, memberLocations, diagnostics.ToEquatableArray());
            }

            /// <summary>RNN0036: an [Input] or layer attribute on the Seq2Seq class itself, on the first one.</summary>
            private static void CheckOwnLayers(INamedTypeSymbol type, RnnSymbols symbols, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
            {
                foreach (var attribute in type.GetAttributes())
                {
                    if (!symbols.IsInput(attribute.AttributeClass) && symbols.Layer(attribute.AttributeClass) is null) continue;
                    var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                    string written = syntax?.Name.ToString() ?? attribute.AttributeClass!.Name;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Seq2SeqHasLayers, LocationInfo.From(syntax) ?? LocationInfo.From(type.Locations.FirstOrDefault()),
                        null, type.Name, written));
                    return;
                }
            }

            /// <summary>
            /// One <c>typeof</c> argument: the model it declares, parsed as the generator does for that type (and analysed
            /// later, with the join), with where its attributes are; or why it is no model.
            /// </summary>
            private static (Seq2SeqPart Part, PartLocations Locations) ParsePart(Seq2SeqRole role, TypedConstant argument, INamedTypeSymbol seq2seq,
                RnnSymbols symbols, CancellationToken cancellationToken)
            {
                var type = argument.Value as ITypeSymbol;
                string display = type?.ToDisplayString(PartFormat) ?? "null";
                string typeName = type?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) ?? "null";
                Seq2SeqPart NotAModel(string reason) => new Seq2SeqPart(role, display, typeName, reason, null);

                if (type is null) return (NotAModel("typeof names no type"), PartLocations.None);
                if (type is not INamedTypeSymbol named || named.TypeKind != TypeKind.Class || named.IsUnboundGenericType)
                    return (NotAModel("it is not a class"), PartLocations.None);
                if (SymbolEqualityComparer.Default.Equals(named, seq2seq)) return (NotAModel("it is the Seq2Seq model itself"), PartLocations.None);
                if (symbols.Seq2SeqOf(named) is not null) return (NotAModel("it is a Seq2Seq model, not a model with layers"), PartLocations.None);
                if (named.DeclaringSyntaxReferences.IsEmpty) return (NotAModel("it is declared in another assembly"), PartLocations.None);
                if (Parse(named, symbols, cancellationToken) is not { } model) return (NotAModel("it declares no [Input] and no layers"), PartLocations.None);

                return (new Seq2SeqPart(role, display, typeName, null, model.Declaration), new PartLocations(model.InputLocation, model.LayerLocations));
            }
        }
    }
}
