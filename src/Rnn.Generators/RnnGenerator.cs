using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    /// <summary>
    /// Generates a TorchSharp model for every partial class with [Input] and layer attributes: typed modules, a
    /// constructor, Forward, Summary and compile-time shape metadata. Invalid models generate nothing; their RNNxxxx
    /// diagnostics come from <see cref="RnnModelAnalyzer"/>, which runs the same analysis live in the IDE.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class RnnGenerator : IIncrementalGenerator
    {
        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Discovery through [Input] alone: every other attribute of the model is read from its symbol. A class
            // with layers but no [Input] generates nothing; RnnModelAnalyzer, which walks every type, reports RNN0003.
            var models = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    RnnNames.InputAttribute,
                    static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    static (syntax, cancellationToken) => Parser.Parse(syntax, cancellationToken))
                .Where(static model => model is not null)
                .Select(static (model, _) => model!)
                .WithTrackingName(TrackingNames.Models);

            // The location-free part of each model: an edit that only moves its attributes (a line above it) leaves it
            // equal, so the shape analysis below is not run again.
            var declarations = models
                .Select(static (model, _) => model.Declaration)
                .WithTrackingName(TrackingNames.Declarations);

            var analyzed = declarations
                .Select(static (declaration, _) => Analyze(declaration))
                .WithTrackingName(TrackingNames.Analyzed);

            // Only what the emitter reads goes on. Null for a model that must not generate source.
            var emittable = analyzed
                .Select(static (model, _) => model is { Emit: true, Shapes: { } shapes, Declaration: { Spec: { } spec } declaration }
                    ? new ModelToEmit(declaration.Hierarchy, spec, shapes, declaration.EmitModuleInitializer, declaration.EmitRuntimeMetadata)
                    : null)
                .WithTrackingName(TrackingNames.Emittable);

            // One value for all models: the hint names that differ from another only in case (almost always none, so an
            // edit to one model leaves it equal and the other models' outputs cached).
            var caseClashes = emittable
                .Select(static (model, _) => model?.Hierarchy.HintName)
                .Where(static name => name is not null)
                .Collect()
                .Select(static (names, _) => HintNames.CaseClashes(names!))
                .WithTrackingName(TrackingNames.CaseClashes);

            // Source only: reporting diagnostics is RnnModelAnalyzer's job.
            context.RegisterSourceOutput(emittable.Combine(caseClashes), static (production, pair) =>
            {
                if (pair.Left is { } model) production.AddSource(HintNames.For(model.Hierarchy.HintName, pair.Right), Emitter.Emit(model));
            });
        }

        /// <summary>
        /// Every diagnostic of one type (none when it has no Rnn attribute): the parser's, and the shape problems of
        /// <see cref="Analyze(ModelDeclaration)"/> located on its attributes. What <see cref="RnnModelAnalyzer"/> reports.
        /// </summary>
        internal static EquatableArray<DiagnosticInfo> Diagnose(INamedTypeSymbol type, RnnSymbols symbols, CancellationToken cancellationToken) =>
            type.TypeKind == TypeKind.Class && Parser.Parse(type, symbols, cancellationToken) is { } model
                ? Diagnostics(model, Analyze(model.Declaration))
                : EquatableArray<DiagnosticInfo>.Empty;

        /// <summary>
        /// Runs <see cref="Shapes.Analyze"/> on a complete model. Location-free, so the generator's pipeline caches it
        /// across edits that only move the model; the one analysis behind both the generator and the analyzer.
        /// </summary>
        internal static ModelAnalysis Analyze(ModelDeclaration declaration) =>
            new ModelAnalysis(declaration, declaration.Spec is { } spec && declaration.Complete ? Shapes.Analyze(spec) : null);

        /// <summary>The parser's diagnostics, then the analysis's problems, each located on the attribute or argument at fault.</summary>
        internal static EquatableArray<DiagnosticInfo> Diagnostics(ModelResult model, ModelAnalysis analysis)
        {
            var diagnostics = new List<DiagnosticInfo>(model.Diagnostics);
            foreach (var problem in analysis.Shapes?.Problems ?? EquatableArray<ShapeProblem>.Empty)
                diagnostics.Add(ToDiagnostic(model, problem));
            return diagnostics.ToEquatableArray();
        }

        /// <summary>Locates a problem: on the argument it names (else the whole attribute), with the related layer as the additional location.</summary>
        private static DiagnosticInfo ToDiagnostic(ModelResult model, ShapeProblem problem)
        {
            AttributeLocation? Site(int index) =>
                index < 0 ? model.InputLocation : index < model.LayerLocations.Count ? model.LayerLocations[index] : null;

            if (!DiagnosticDescriptors.ById.TryGetValue(problem.Id, out var descriptor))
                throw new InvalidOperationException("A shape rule reported " + problem.Id + ", which has no descriptor.");
            var related = problem.Related is int r && r != problem.Layer ? Site(r)?.Attribute : null;
            var properties = problem.ReturnSequencesOn is int target && Site(target)?.Attribute is { } targetLocation
                ? new EquatableArray<ArgumentLocation>(new[] { new ArgumentLocation(DiagnosticIds.ReturnSequencesTarget, targetLocation) })
                : EquatableArray<ArgumentLocation>.Empty;
            return DiagnosticInfo.Create(descriptor, Site(problem.Layer)?.ArgumentOrAttribute(problem.Argument), related, problem.Arguments.ToArray())
                with { SpanProperties = properties };
        }
    }
}
