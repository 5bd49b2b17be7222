using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    public sealed partial class RnnGenerator
    {
        /// <summary>
        /// Turns a type symbol with Rnn attributes into a <see cref="ModelResult"/>: plain data, never code. Three steps,
        /// one file each: decode the attributes (<c>Parser.Attributes.cs</c>), check the declaration
        /// (<c>Parser.Declaration.cs</c>) and read the user's members that the generated class may declare again
        /// (<c>Parser.Members.cs</c>). Which of those clash is found after the shape analysis (<see cref="Analyze"/>), as
        /// the members a model gets may depend on its shapes. Never throws on bad input.
        /// </summary>
        internal static partial class Parser
        {
            /// <summary>
            /// The generator's entry: a declaration carrying [Input]. Only the declaration with the type's first [Input]
            /// parses the model, so a type with several partial declarations is generated once.
            /// </summary>
            public static ModelResult? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            {
                if (context.TargetSymbol is not INamedTypeSymbol type || type.TypeKind != TypeKind.Class) return null;
                var symbols = RnnSymbols.For(context.SemanticModel.Compilation);
                // A Seq2Seq model with an [Input] of its own is the Seq2Seq parser's to report (RNN0036), never a plain model.
                if (symbols.Seq2SeqOf(type) is not null) return null;
                var firstInput = type.GetAttributes().FirstOrDefault(a => symbols.IsInput(a.AttributeClass))?.ApplicationSyntaxReference;
                if (firstInput is null
                    || firstInput.SyntaxTree != context.TargetNode.SyntaxTree
                    || !context.TargetNode.Span.Contains(firstInput.Span))
                    return null;
                return Parse(type, symbols, cancellationToken);
            }

            public static ModelResult? Parse(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken) =>
                Parse(type, RnnSymbols.For(compilation), cancellationToken);

            /// <summary>The model declared by <paramref name="type"/>, or null when it has no Rnn attribute.</summary>
            public static ModelResult? Parse(INamedTypeSymbol type, RnnSymbols symbols, CancellationToken cancellationToken)
            {
                var attributes = DecodeAttributes(type, symbols, cancellationToken);
                if (attributes.IsEmpty) return null;
                var (diagnostics, declarationValid) = CheckDeclaration(type, symbols, attributes, cancellationToken);
                var spec = attributes.Spec(type.Name);
                var (userMembers, userMemberLocations) = spec is not null
                    ? ReadUserMembers(type, spec, attributes.Complete, cancellationToken)
                    : (EquatableArray<UserMember>.Empty, EquatableArray<LocationInfo>.Empty);
                var options = new EmitOptions(IsReachableFromModule(type) && symbols.HasModuleInitializer, symbols.HasRuntimeMetadata, symbols.HasRecurrentState,
                    symbols.HasGeneration, symbols.HasMemory);

                return new ModelResult(
                    new ModelDeclaration(
                        Hierarchy(type),
                        spec,
                        declarationValid && attributes.Complete && spec is not null,
                        attributes.Complete,
                        options,
                        userMembers),
                    attributes.Inputs.Count > 0 ? attributes.Inputs[0].Location : null,
                    attributes.Layers.Select(l => l.Location).ToEquatableArray(),
                    userMemberLocations,
                    diagnostics.ToEquatableArray());
            }
        }
    }
}
