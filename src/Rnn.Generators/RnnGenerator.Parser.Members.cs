using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    public sealed partial class RnnGenerator
    {
        internal static partial class Parser
        {
            private static readonly SymbolDisplayFormat QualifiedFormat = SymbolDisplayFormat.FullyQualifiedFormat;

            private static readonly SymbolDisplayFormat ShortFormat = new SymbolDisplayFormat(
                typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
                genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
                miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

            /// <summary>
            /// Step 3: the user's members that the generated class may declare again, named like a layer field of
            /// <paramref name="spec"/> (when its layers are all known) or like any other generated member
            /// (<see cref="ModelMembers.FixedNames"/>). Only names the type declares are looked at
            /// (<see cref="INamedTypeSymbol.MemberNames"/> binds nothing); members the compiler declares implicitly, primary
            /// constructors (RNN0027) and the generated class's own members (present when the analyzer runs on a
            /// compilation that holds the generated file) are left out. Their locations come apart, in the same order.
            /// </summary>
            private static (EquatableArray<UserMember> Members, EquatableArray<LocationInfo> Locations) ReadUserMembers(INamedTypeSymbol type, ModelSpec spec, bool complete, CancellationToken cancellationToken)
            {
                // With an attribute in error the layer list is partial, so the layer field names are not known yet.
                var layerFields = complete ? Shapes.LayerNames(spec.Layers) : new string[0];
                return ReadUserMembers(type, layerFields.Concat(ModelMembers.FixedNames), cancellationToken);
            }

            /// <summary>The user's members named as any of <paramref name="candidateNames"/>, and their locations, in the same order.</summary>
            private static (EquatableArray<UserMember> Members, EquatableArray<LocationInfo> Locations) ReadUserMembers(
                INamedTypeSymbol type, IEnumerable<string> candidateNames, CancellationToken cancellationToken)
            {
                var declared = DeclaredNames(type);
                var names = candidateNames.Where(declared.Contains).Distinct().ToList();
                if (names.Count == 0) return (EquatableArray<UserMember>.Empty, EquatableArray<LocationInfo>.Empty);

                var members = new List<UserMember>();
                var locations = new List<LocationInfo>();
                foreach (string name in names)
                {
                    var candidates = name == UserMember.ConstructorName ? ImmutableArray<ISymbol>.CastUp(type.InstanceConstructors) : type.GetMembers(name);
                    foreach (var member in candidates)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (member.IsImplicitlyDeclared || UserLocation(member, cancellationToken) is not { } location) continue;
                        members.Add(new UserMember(member.Name, Parameters(member), Display(member)));
                        locations.Add(location);
                    }
                }
                return (members.ToEquatableArray(), locations.ToEquatableArray());
            }

            /// <summary>
            /// The names of the members and nested types declared in <paramref name="type"/>, without binding anything.
            /// <see cref="INamedTypeSymbol.MemberNames"/> has no nested types, and holds ".ctor" only for a declared constructor.
            /// </summary>
            private static HashSet<string> DeclaredNames(INamedTypeSymbol type)
            {
                var declared = new HashSet<string>(type.MemberNames);
                foreach (var nested in type.GetTypeMembers()) declared.Add(nested.Name);
                return declared;
            }

            /// <summary>Where the user declared <paramref name="member"/>: its name in the first declaration outside generated code.</summary>
            private static LocationInfo? UserLocation(ISymbol member, CancellationToken cancellationToken)
            {
                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    var node = reference.GetSyntax(cancellationToken);
                    if (node is TypeDeclarationSyntax && member is IMethodSymbol) return null; // a primary constructor
                    if (IsGenerated(node)) continue;
                    var name = member.Locations.FirstOrDefault(l => l.SourceTree == node.SyntaxTree && node.Span.Contains(l.SourceSpan));
                    return LocationInfo.From(name ?? node.GetLocation());
                }
                return null;
            }

            /// <summary>True for a member of a class declaration marked <c>[GeneratedCode("Rnn.Generators", ...)]</c>: the emitter's own.</summary>
            private static bool IsGenerated(SyntaxNode member) =>
                member.Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } declaration
                && declaration.AttributeLists.SelectMany(l => l.Attributes).Any(a =>
                    (a.Name.ToString().EndsWith("GeneratedCode", System.StringComparison.Ordinal)
                        || a.Name.ToString().EndsWith("GeneratedCodeAttribute", System.StringComparison.Ordinal))
                    && a.ArgumentList?.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax literal
                    && literal.Token.ValueText == RnnNames.GeneratorName);

            /// <summary>The parameter types as <see cref="UserMember.Parameters"/> describes them; null for a non-method.</summary>
            private static EquatableArray<string>? Parameters(ISymbol member)
            {
                if (member is not IMethodSymbol method) return null;
                var types = new List<string>();
                if (method.Arity > 0) types.Add("`" + method.Arity.ToString(System.Globalization.CultureInfo.InvariantCulture));
                foreach (var parameter in method.Parameters)
                    types.Add((parameter.RefKind == RefKind.None ? string.Empty : "ref ") + parameter.Type.ToDisplayString(QualifiedFormat));
                return types.ToEquatableArray();
            }

            /// <summary><c>Forward(Tensor)</c>, <c>M(long?)</c>, <c>InputShape</c>.</summary>
            private static string Display(ISymbol member) =>
                member is IMethodSymbol method
                    ? (method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name)
                        + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(ShortFormat))) + ")"
                    : member.Name;
        }
    }
}
