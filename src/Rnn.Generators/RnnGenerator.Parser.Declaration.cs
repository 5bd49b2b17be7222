using System.Collections.Generic;
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
        internal static partial class Parser
        {
            /// <summary>
            /// Step 2: the declaration itself must be a partial, non-generic class in partial containing types, with no
            /// base class but RnnModel, no primary constructor, one [Input] and its layers on one declaration. Returns the
            /// diagnostics in a fixed order, each on the type's name or the attribute at fault, and whether source may be
            /// generated: not after any of them, nor when the compiler cannot bind the base type.
            /// </summary>
            private static (List<DiagnosticInfo> Diagnostics, bool CanEmit) CheckDeclaration(
                INamedTypeSymbol type, RnnSymbols symbols, DecodedAttributes attributes, CancellationToken cancellationToken)
            {
                var diagnostics = new List<DiagnosticInfo>();
                var name = NameLocation(type, attributes, cancellationToken);
                bool baseBound = CheckType(type, name, diagnostics, baseType => symbols.IsRnnModel(baseType), TypeNames.RnnModel, cancellationToken);
                CheckAttributePlacement(type.Name, attributes, diagnostics);
                CheckPrimaryConstructor(type, diagnostics, cancellationToken);
                return (diagnostics, baseBound && diagnostics.Count == 0);
            }

            /// <summary>
            /// The checks of the class itself that every generated model kind shares: RNN0014, RNN0005, RNN0006/RNN0007 and
            /// RNN0012 (a base class other than <paramref name="generatedBase"/>, which <paramref name="isAllowedBase"/> accepts),
            /// reported on <paramref name="name"/>. Returns false when the base type does not bind.
            /// </summary>
            private static bool CheckType(INamedTypeSymbol type, LocationInfo? name, List<DiagnosticInfo> diagnostics,
                System.Func<INamedTypeSymbol, bool> isAllowedBase, string generatedBase, CancellationToken cancellationToken)
            {
                CheckTypeKind(type, name, diagnostics);
                if (!IsPartial(type, cancellationToken)) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, name, null, type.Name));
                CheckContainingTypes(type, name, diagnostics, cancellationToken);
                return CheckBaseClass(type, name, diagnostics, isAllowedBase, generatedBase, cancellationToken);
            }

            /// <summary>RNN0027: a primary constructor, on its parameter list.</summary>
            private static void CheckPrimaryConstructor(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
            {
                if (PrimaryConstructor(type, cancellationToken) is { } primary)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PrimaryConstructor, LocationInfo.From(primary), null, type.Name, primary.ToString()));
            }

            /// <summary>The type's name in the declaration that carries the layers (else its first declaration): where declaration problems are reported.</summary>
            private static LocationInfo? NameLocation(INamedTypeSymbol type, DecodedAttributes attributes, CancellationToken cancellationToken)
            {
                var declaration = attributes.Layers.Select(l => l.Declaration).FirstOrDefault()
                    ?? type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).FirstOrDefault();
                return declaration is TypeDeclarationSyntax typeSyntax
                    ? LocationInfo.From(typeSyntax.Identifier)
                    : LocationInfo.From(type.Locations.FirstOrDefault());
            }

            /// <summary>RNN0014: a static class, a record or a file-local type.</summary>
            private static void CheckTypeKind(INamedTypeSymbol type, LocationInfo? name, List<DiagnosticInfo> diagnostics)
            {
                if (!type.IsStatic && !type.IsRecord && !type.IsFileLocal) return;
                string what = type.IsFileLocal ? "a file-local type" : type.IsStatic ? "a static class" : "a record";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAClass, name, null, type.Name, what));
            }

            /// <summary>RNN0006 for each containing type that is not partial (innermost first), then RNN0007 when the model or a containing type is generic.</summary>
            private static void CheckContainingTypes(INamedTypeSymbol type, LocationInfo? name, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
            {
                bool generic = type.IsGenericType;
                for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
                {
                    generic |= outer.IsGenericType;
                    if (!IsPartial(outer, cancellationToken))
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, name, null, type.Name, outer.Name));
                }
                if (generic) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Generic, name, null, type.Name));
            }

            /// <summary>
            /// RNN0012 for a base class other than the generated one's (<paramref name="isAllowedBase"/>), on the base-list
            /// entry that names it. Returns false when the base type does not bind (the compiler reports that), so no source
            /// is generated either.
            /// </summary>
            private static bool CheckBaseClass(INamedTypeSymbol type, LocationInfo? name, List<DiagnosticInfo> diagnostics,
                System.Func<INamedTypeSymbol, bool> isAllowedBase, string generatedBase, CancellationToken cancellationToken)
            {
                // Without a base list the base is object: binding it (which this transform would do for every model on
                // every edit) is only needed when a declaration names one.
                var baseList = FirstBaseList(type, cancellationToken);
                var baseType = baseList is not null ? type.BaseType : null; // null: object
                if (baseType is null) return true;
                if (baseType.TypeKind == TypeKind.Error) return false;
                if (baseType.SpecialType == SpecialType.System_Object || isAllowedBase(baseType)) return true;

                var baseSyntax = NamedBaseType(type, baseType.Name, cancellationToken) ?? (baseList!.Types.Count > 0 ? baseList.Types[0] : null);
                var baseLocation = baseSyntax is not null ? LocationInfo.From(baseSyntax) : name;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HasBaseClass, baseLocation, null, type.Name, baseType.ToDisplayString(),
                    generatedBase.Replace("global::", string.Empty)));
                return true;
            }

            /// <summary>
            /// Layers on two declarations (RNN0008, on the first layer outside the first layer's declaration), layers
            /// without an [Input] (RNN0003) and more than one [Input] (RNN0004, on each one after the first).
            /// </summary>
            private static void CheckAttributePlacement(string name, DecodedAttributes attributes, List<DiagnosticInfo> diagnostics)
            {
                var layers = attributes.Layers;
                var firstDeclaration = layers.Count > 0 ? DeclarationKey(layers[0].Declaration) : default;
                if (layers.FirstOrDefault(l => !DeclarationKey(l.Declaration).Equals(firstDeclaration)) is { } other)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersSpread, other.Location.Attribute, layers[0].Location.Attribute, name));

                var inputs = attributes.Inputs;
                if (inputs.Count == 0 && layers.Count > 0 && attributes.Complete)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInput, layers[0].Location.Attribute, null, name));
                for (int i = 1; i < inputs.Count; i++)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateInput, inputs[i].Location.Attribute, inputs[0].Location.Attribute, name));
            }

            private static (SyntaxTree? Tree, int Start) DeclarationKey(SyntaxNode? declaration) =>
                (declaration?.SyntaxTree, declaration?.SpanStart ?? -1);

            /// <summary>Where the model type lives: its namespace and containing types, outermost first.</summary>
            private static HierarchyInfo Hierarchy(INamedTypeSymbol type)
            {
                var containing = new List<TypeHeader>();
                for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
                    containing.Insert(0, new TypeHeader(outer.Name, Keyword(outer)));
                string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : string.Empty;
                return new HierarchyInfo(ns, type.Name, containing.ToEquatableArray());
            }

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
        }
    }
}
