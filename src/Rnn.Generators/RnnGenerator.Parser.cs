using System.Collections.Generic;
using System.Diagnostics;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    public sealed partial class RnnGenerator
    {
        /// <summary>Turns a type symbol with Rnn attributes into a <see cref="ModelResult"/>. Never throws on bad input.</summary>
        internal static class Parser
        {
            private static readonly SymbolDisplayFormat QualifiedFormat = SymbolDisplayFormat.FullyQualifiedFormat;

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

            /// <summary>
            /// The generator's entry: a declaration carrying [Input]. Only the declaration with the type's first [Input]
            /// parses the model, so a type with several partial declarations is generated once.
            /// </summary>
            public static ModelResult? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            {
                if (context.TargetSymbol is not INamedTypeSymbol type || type.TypeKind != TypeKind.Class) return null;
                var symbols = RnnSymbols.For(context.SemanticModel.Compilation);
                var firstInput = type.GetAttributes().FirstOrDefault(a => symbols.IsInput(a.AttributeClass))?.ApplicationSyntaxReference;
                if (firstInput is null
                    || firstInput.SyntaxTree != context.TargetNode.SyntaxTree
                    || !context.TargetNode.Span.Contains(firstInput.Span))
                    return null;
                return Parse(type, symbols, cancellationToken);
            }

            public static ModelResult? Parse(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken) =>
                Parse(type, RnnSymbols.For(compilation), cancellationToken);

            public static ModelResult? Parse(INamedTypeSymbol type, RnnSymbols symbols, CancellationToken cancellationToken)
            {
                var diagnostics = new List<DiagnosticInfo>();
                var inputs = new List<(InputSpec Spec, AttributeLocation Location)>();
                var layers = new List<LayerEntry>();
                bool complete = true;

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
                            complete = false;
                        }
                        continue;
                    }
                    var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                    if (syntax is null || !IsUsable(attribute, syntax))
                    {
                        complete = false; // the compiler reports the error in the attribute itself
                        continue;
                    }

                    var arguments = new AttributeArguments(attribute);
                    var location = Locate(syntax, attribute.AttributeConstructor!);
                    if (isInput)
                    {
                        var input = DecodeInput(arguments);
                        if (!arguments.IsValid)
                        {
                            complete = false;
                            continue;
                        }
                        inputs.Add((input, location));
                        continue;
                    }

                    var layer = descriptor!.Decode(arguments);
                    if (layer is null || !arguments.IsValid)
                    {
                        complete = false;
                        continue;
                    }
                    layers.Add(new LayerEntry(layer, location, syntax.Parent?.Parent));
                }

                if (inputs.Count == 0 && layers.Count == 0 && complete) return null;

                // Declaration checks, located on the type's name in the declaration carrying the attributes.
                var declaration = layers.Select(l => l.Declaration).Concat(new SyntaxNode?[] { null }).First()
                    ?? type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).FirstOrDefault();
                var nameLocation = declaration is TypeDeclarationSyntax typeSyntax
                    ? LocationInfo.From(typeSyntax.Identifier)
                    : LocationInfo.From(type.Locations.FirstOrDefault());
                string name = type.Name;
                bool canEmit = complete;

                if (type.IsStatic || type.IsRecord || type.IsFileLocal)
                {
                    string what = type.IsFileLocal ? "a file-local type" : type.IsStatic ? "a static class" : "a record";
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAClass, nameLocation, null, name, what));
                    canEmit = false;
                }

                if (!IsPartial(type, cancellationToken))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, nameLocation, null, name));
                    canEmit = false;
                }

                var containing = new List<TypeHeader>();
                bool generic = type.IsGenericType;
                for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
                {
                    generic |= outer.IsGenericType;
                    if (!IsPartial(outer, cancellationToken))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, nameLocation, null, name, outer.Name));
                        canEmit = false;
                    }
                    containing.Insert(0, new TypeHeader(outer.Name, Keyword(outer)));
                }
                if (generic)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Generic, nameLocation, null, name));
                    canEmit = false;
                }

                // Without a base list the base is object: binding it (which this transform would do for every model on
                // every edit) is only needed when a declaration names one.
                var baseList = FirstBaseList(type, cancellationToken);
                var baseType = baseList is not null ? type.BaseType : null; // null: object
                if (baseType is null or { TypeKind: TypeKind.Error })
                {
                    // The compiler reports an unknown base type.
                    canEmit &= baseType is null;
                }
                else if (baseType.SpecialType != SpecialType.System_Object && !symbols.IsRnnModel(baseType))
                {
                    var baseSyntax = NamedBaseType(type, baseType.Name, cancellationToken) ?? (baseList!.Types.Count > 0 ? baseList.Types[0] : null);
                    var baseLocation = baseSyntax is not null ? LocationInfo.From(baseSyntax) : nameLocation;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HasBaseClass, baseLocation, null, name, baseType.ToDisplayString()));
                    canEmit = false;
                }

                // Layers on two declarations: reported on the first layer outside the first layer's declaration.
                var firstDeclaration = layers.Count > 0 ? DeclarationKey(layers[0].Declaration) : default;
                if (layers.FirstOrDefault(l => !DeclarationKey(l.Declaration).Equals(firstDeclaration)) is { } other)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersSpread, other.Location.Attribute, layers[0].Location.Attribute, name));
                    canEmit = false;
                }

                if (inputs.Count == 0 && layers.Count > 0 && complete)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInput, layers[0].Location.Attribute, null, name));
                    canEmit = false;
                }
                for (int i = 1; i < inputs.Count; i++)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateInput, inputs[i].Location.Attribute, inputs[0].Location.Attribute, name));
                    canEmit = false;
                }

                var spec = inputs.Count > 0
                    ? new ModelSpec(name, inputs[0].Spec, layers.Select(l => l.Spec).ToEquatableArray())
                    : null;
                bool moduleInitializer = IsReachableFromModule(type) && symbols.HasModuleInitializer;

                // The user's own members against the ones the generated class declares (RNN0025-RNN0028).
                if (PrimaryConstructor(type, cancellationToken) is { } primary)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PrimaryConstructor, LocationInfo.From(primary), null, name, primary.ToString()));
                    canEmit = false;
                }
                // With an attribute in error the layer list is partial, so the layer field names are not known yet.
                var layerFields = spec is not null && complete ? LayerFields(spec.Layers) : new List<LayerField>();
                var declared = DeclaredNames(type);
                if (spec is not null && (layerFields.Any(f => declared.Contains(f.Name)) || GeneratedNames.Any(declared.Contains)))
                {
                    var generated = Emitter.Members(name, layerFields, moduleInitializer, symbols.HasRuntimeMetadata);
                    var clashes = MemberClashes.Find(name, generated, ReadMembers(type, declared, generated.Select(g => g.Name), cancellationToken));
                    diagnostics.AddRange(clashes);
                    canEmit &= clashes.Count == 0;
                }

                return new ModelResult(
                    new ModelDeclaration(
                        new HierarchyInfo(Namespace(type), name, containing.ToEquatableArray()),
                        spec,
                        canEmit && spec is not null,
                        complete,
                        moduleInitializer,
                        symbols.HasRuntimeMetadata),
                    inputs.Count > 0 ? inputs[0].Location : null,
                    layers.Select(l => l.Location).ToEquatableArray(),
                    diagnostics.ToEquatableArray());
            }

            private static readonly SymbolDisplayFormat ShortFormat = new SymbolDisplayFormat(
                typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
                genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
                miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

            /// <summary>The parameter list of a primary constructor on any declaration of <paramref name="type"/>, or null.</summary>
            private static ParameterListSyntax? PrimaryConstructor(INamedTypeSymbol type, CancellationToken cancellationToken)
            {
                foreach (var reference in type.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is ClassDeclarationSyntax { ParameterList: { } parameters }) return parameters;
                }
                return null;
            }

            /// <summary>
            /// The user's members named like any of <paramref name="names"/>, as plain data. Only names the type declares
            /// are looked at (<see cref="INamedTypeSymbol.MemberNames"/> binds nothing); members the compiler declares
            /// implicitly, primary constructors (RNN0027) and the generated class's own members (present when the
            /// analyzer runs on a compilation that holds the generated file) are left out.
            /// </summary>
            private static List<UserMember> ReadMembers(INamedTypeSymbol type, HashSet<string> declared, IEnumerable<string> names, CancellationToken cancellationToken)
            {
                var members = new List<UserMember>();
                foreach (string name in names.Distinct())
                {
                    if (!declared.Contains(name)) continue;
                    var candidates = name == UserMember.ConstructorName ? ImmutableArray<ISymbol>.CastUp(type.InstanceConstructors) : type.GetMembers(name);
                    foreach (var member in candidates)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (member.IsImplicitlyDeclared || UserLocation(member, cancellationToken) is not { } location) continue;
                        members.Add(new UserMember(member.Name, Parameters(member), Display(member), location));
                    }
                }
                return members;
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

            /// <summary>The names of the members the emitter always or sometimes declares, besides the layer fields.</summary>
            private static readonly string[] GeneratedNames = Emitter.Members(string.Empty, new LayerField[0], moduleInitializer: true, runtimeMetadata: true)
                .Select(m => m.Name).Distinct().ToArray();

            /// <summary>The fields the generated class declares for <paramref name="layers"/>: their Keras names, with the layers they hold.</summary>
            private static List<LayerField> LayerFields(IReadOnlyList<LayerSpec> layers) =>
                Shapes.LayerNames(layers).Zip(layers, (name, layer) => new LayerField(name, layer.Display)).ToList();

            /// <summary>
            /// The base list (a base class or interfaces) of the first declaration of <paramref name="type"/> that has one, or
            /// null: one walk tells whether the base must be bound and where RNN0012 points.
            /// </summary>
            private static BaseListSyntax? FirstBaseList(INamedTypeSymbol type, CancellationToken cancellationToken)
            {
                foreach (var reference in type.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList: { } baseList }) return baseList;
                }
                return null;
            }

            /// <summary>
            /// The base-list entry that names the base class: with partial declarations in several files, the first entry
            /// of the first base list may be an interface. Matched by its rightmost name; null when none matches (an alias).
            /// </summary>
            private static BaseTypeSyntax? NamedBaseType(INamedTypeSymbol type, string baseName, CancellationToken cancellationToken)
            {
                foreach (var reference in type.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax { BaseList: { } baseList }) continue;
                    foreach (var entry in baseList.Types)
                    {
                        string? name = entry.Type switch
                        {
                            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                            SimpleNameSyntax simple => simple.Identifier.ValueText,
                            _ => null,
                        };
                        if (name == baseName) return entry;
                    }
                }
                return null;
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
                    && literal.Token.ValueText == Emitter.GeneratorName);

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

            private static (SyntaxTree? Tree, int Start) DeclarationKey(SyntaxNode? declaration) =>
                (declaration?.SyntaxTree, declaration?.SpanStart ?? -1);

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

            private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
                type.DeclaringSyntaxReferences.Length > 0
                && type.DeclaringSyntaxReferences.Any(r =>
                    r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                    && declaration.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword)));

            private static bool IsReachableFromModule(INamedTypeSymbol type)
            {
                for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
                {
                    if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal)) return false;
                }
                return true;
            }

            private static string Keyword(INamedTypeSymbol type) => type.TypeKind switch
            {
                TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
                TypeKind.Interface => "interface",
                _ => type.IsRecord ? "record" : "class",
            };

            private static string Namespace(INamedTypeSymbol type) =>
                type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty;
        }
    }
}
