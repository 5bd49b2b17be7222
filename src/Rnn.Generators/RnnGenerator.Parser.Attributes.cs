using System.Collections.Generic;
using System.Diagnostics;
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
            /// <summary>A decoded layer attribute: the layer, where it is written, and the type declaration that carries it.</summary>
            private sealed class LayerEntry
            {
                public LayerEntry(LayerSpec spec, AttributeLocation location, SyntaxNode? declaration)
                {
                    Spec = spec;
                    Location = location;
                    Declaration = declaration;
                }

                public LayerSpec Spec { get; }
                public AttributeLocation Location { get; }
                public SyntaxNode? Declaration { get; }
            }

            /// <summary>The Rnn attributes of one type, decoded in source order, with where each is written.</summary>
            private sealed class DecodedAttributes
            {
                public List<(InputSpec Spec, AttributeLocation Location)> Inputs { get; } = new List<(InputSpec, AttributeLocation)>();

                public List<LayerEntry> Layers { get; } = new List<LayerEntry>();

                /// <summary>False when an Rnn attribute could not be decoded (the compiler reports why).</summary>
                public bool Complete { get; set; } = true;

                /// <summary>True when the type has no Rnn attribute at all: it is no model.</summary>
                public bool IsEmpty => Inputs.Count == 0 && Layers.Count == 0 && Complete;

                /// <summary>The declared model, from the first [Input] and every layer; null without an [Input].</summary>
                public ModelSpec? Spec(string name) =>
                    Inputs.Count > 0 ? new ModelSpec(name, Inputs[0].Spec, Layers.Select(l => l.Spec).ToEquatableArray()) : null;
            }

            /// <summary>
            /// Step 1: every [Input] and registered layer attribute of <paramref name="type"/>, decoded by its kind's
            /// <see cref="LayerDescriptor"/>. An attribute the compiler reports an error in makes the result incomplete.
            /// </summary>
            private static DecodedAttributes DecodeAttributes(INamedTypeSymbol type, RnnSymbols symbols, CancellationToken cancellationToken)
            {
                var decoded = new DecodedAttributes();
                foreach (var attribute in type.GetAttributes())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    bool isInput = symbols.IsInput(attribute.AttributeClass);
                    var descriptor = symbols.Layer(attribute.AttributeClass);
                    if (!isInput && descriptor is null)
                    {
                        if (symbols.IsUnregistered(attribute.AttributeClass))
                        {
                            // A layer attribute without a descriptor: a bug in Rnn, never silently some other kind.
                            Debug.Fail("Rnn attribute " + attribute.AttributeClass!.Name + " is not in LayerRegistry.");
                            decoded.Complete = false;
                        }
                        continue;
                    }
                    var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                    if (syntax is null || !IsUsable(attribute, syntax))
                    {
                        decoded.Complete = false; // the compiler reports the error in the attribute itself
                        continue;
                    }

                    var arguments = new AttributeArguments(attribute);
                    var location = Locate(syntax, attribute.AttributeConstructor!);
                    if (isInput)
                    {
                        var input = DecodeInput(arguments);
                        if (arguments.IsValid) decoded.Inputs.Add((input, location));
                        else decoded.Complete = false;
                        continue;
                    }

                    var layer = descriptor!.Decode(arguments);
                    if (layer is not null && arguments.IsValid) decoded.Layers.Add(new LayerEntry(layer, location, syntax.Parent?.Parent));
                    else decoded.Complete = false;
                }
                return decoded;
            }

            private static bool IsUsable(AttributeData attribute, AttributeSyntax syntax) =>
                attribute.AttributeConstructor is not null
                // A named argument the compiler could not bind at all is missing from NamedArguments.
                && (syntax.ArgumentList?.Arguments.Count(a => a.NameEquals is not null) ?? 0) == attribute.NamedArguments.Length
                && attribute.ConstructorArguments.All(a => a.Kind != TypedConstantKind.Error && a.Kind != TypedConstantKind.Array)
                && attribute.NamedArguments.All(a => a.Value.Kind != TypedConstantKind.Error);

            /// <summary>Every argument written in <paramref name="syntax"/>, by the constructor parameter or property it sets.</summary>
            private static AttributeLocation Locate(AttributeSyntax syntax, IMethodSymbol constructor)
            {
                var arguments = new List<ArgumentLocation>();
                var parameters = constructor.Parameters;
                int position = 0;
                foreach (var argument in syntax.ArgumentList?.Arguments ?? default)
                {
                    string? name;
                    if (argument.NameEquals is { } nameEquals) name = nameEquals.Name.Identifier.ValueText;
                    else if (argument.NameColon is { } nameColon) name = nameColon.Name.Identifier.ValueText;
                    else name = position < parameters.Length ? parameters[position++].Name : null;
                    if (name is not null && LocationInfo.From(argument) is { } location) arguments.Add(new ArgumentLocation(name, location));
                }
                return new AttributeLocation(LocationInfo.From(syntax), arguments.ToEquatableArray());
            }

            /// <summary>[Input(timesteps, features)], or [Input(timesteps)] for token ids.</summary>
            private static InputSpec DecodeInput(AttributeArguments arguments) =>
                new InputSpec(arguments.Int("timesteps"), arguments.HasParameter("features") ? arguments.Int("features") : null);
        }
    }
}
