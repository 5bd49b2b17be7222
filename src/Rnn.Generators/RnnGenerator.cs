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

            var analyzed = models
                .Select((model, _) => Analyze(model))
                .WithTrackingName(TrackingNames.Analyzed);

            // Only what the emitter reads goes on, so edits elsewhere in the file (a comment, another member) stay cached.
            // Null for a model that must not generate source.
            var emittable = analyzed
                .Select(static (model, _) => model.Emit && model.Shapes is not null && model.Model.Spec is not null
                    ? new ModelToEmit(model.Model.Hierarchy, model.Model.Spec, model.Shapes, model.Model.EmitModuleInitializer, model.Model.EmitRuntimeMetadata)
                    : null)
                .WithTrackingName(TrackingNames.Emittable);

            // Source only: reporting diagnostics is RnnModelAnalyzer's job.
            context.RegisterSourceOutput(emittable, static (production, model) =>
            {
                if (model is not null) production.AddSource(model.Hierarchy.HintName, Emitter.Emit(model));
            });
        }

        /// <summary>
        /// Analyses one type: its model, shapes and every diagnostic, or null when it has no Rnn attribute.
        /// The one analysis behind both <see cref="RnnModelAnalyzer"/> and the generator's pipeline.
        /// </summary>
        internal static AnalyzedModel? Analyze(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken) =>
            Analyze(type, new RnnSymbols(compilation), cancellationToken);

        /// <summary>As above, with the compilation's symbols resolved once by the caller.</summary>
        internal static AnalyzedModel? Analyze(INamedTypeSymbol type, RnnSymbols symbols, CancellationToken cancellationToken) =>
            type.TypeKind == TypeKind.Class && Parser.Parse(type, symbols, cancellationToken) is { } model ? Analyze(model) : null;

        /// <summary>Runs <see cref="Shapes.Analyze"/> and turns its problems into located diagnostics.</summary>
        internal static AnalyzedModel Analyze(ModelResult model)
        {
            var diagnostics = new List<DiagnosticInfo>(model.Diagnostics);
            ShapeAnalysis? shapes = null;
            if (model.Spec is not null && model.Complete)
            {
                shapes = Shapes.Analyze(model.Spec);
                foreach (var problem in shapes.Problems)
                    diagnostics.Add(ToDiagnostic(model, problem));
            }
            bool emit = model.CanEmit && shapes is not null && !shapes.HasErrors;
            return new AnalyzedModel(model, shapes, diagnostics.ToEquatableArray(), emit);
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
