using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
            var input = Discover(context, "Rnn.InputAttribute", TrackingNames.Input);
            var simpleRnn = Discover(context, "Rnn.SimpleRnnAttribute", TrackingNames.SimpleRnn);
            var lstm = Discover(context, "Rnn.LstmAttribute", TrackingNames.Lstm);
            var gru = Discover(context, "Rnn.GruAttribute", TrackingNames.Gru);
            var dense = Discover(context, "Rnn.DenseAttribute", TrackingNames.Dense);

            // A class is found once per attribute kind and partial declaration; keep one result per type.
            var models = input.Collect()
                .Combine(simpleRnn.Collect())
                .Combine(lstm.Collect())
                .Combine(gru.Collect())
                .Combine(dense.Collect())
                .SelectMany((all, _) => Deduplicate(
                    all.Left.Left.Left.Left, all.Left.Left.Left.Right, all.Left.Left.Right, all.Left.Right, all.Right))
                .WithTrackingName(TrackingNames.Models);

            var analyzed = models
                .Select((model, _) => Analyze(model))
                .WithTrackingName(TrackingNames.Analyzed);

            // Only what the emitter reads goes on, so edits elsewhere in the file (a comment, another member) stay cached.
            // Null for a model that must not generate source.
            var emittable = analyzed
                .Select(static (model, _) => model.Emit && model.Shapes is not null && model.Model.Spec is not null
                    ? new ModelToEmit(model.Model.Hierarchy, model.Model.Spec, model.Shapes, model.Model.EmitModuleInitializer)
                    : null)
                .WithTrackingName(TrackingNames.Emittable);

            // Source only: reporting diagnostics is RnnModelAnalyzer's job.
            context.RegisterSourceOutput(emittable, static (production, model) =>
            {
                if (model is not null) production.AddSource(model.Hierarchy.HintName, Emitter.Emit(model));
            });
        }

        private static IncrementalValuesProvider<ModelResult> Discover(IncrementalGeneratorInitializationContext context, string attribute, string trackingName) =>
            context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    attribute,
                    static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    static (syntax, cancellationToken) => Parser.Parse(syntax, cancellationToken))
                .Where(static model => model is not null)
                .Select(static (model, _) => model!)
                .WithTrackingName(trackingName);

        private static IEnumerable<ModelResult> Deduplicate(params ImmutableArray<ModelResult>[] found)
        {
            var seen = new HashSet<string>();
            foreach (var model in found.SelectMany(f => f))
            {
                if (seen.Add(model.Key)) yield return model;
            }
        }

        /// <summary>
        /// Analyses one type: its model, shapes and every diagnostic, or null when it has no Rnn attribute.
        /// The one analysis behind both <see cref="RnnModelAnalyzer"/> and the generator's pipeline.
        /// </summary>
        internal static AnalyzedModel? Analyze(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken) =>
            type.TypeKind == TypeKind.Class && Parser.Parse(type, compilation, cancellationToken) is { } model ? Analyze(model) : null;

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

        private static DiagnosticInfo ToDiagnostic(ModelResult model, ShapeProblem problem)
        {
            var input = model.InputLocation;
            AttributeLocation? Layer(int index) => index >= 0 && index < model.LayerLocations.Count ? model.LayerLocations[index] : null;
            var layer = Layer(problem.Layer);
            var args = problem.Arguments.ToArray();
            return problem.Kind switch
            {
                ShapeProblemKind.NonPositiveTimesteps => DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, input?.First ?? input?.Attribute, null, args),
                ShapeProblemKind.NonPositiveFeatures => DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, input?.Second ?? input?.Attribute, null, args),
                ShapeProblemKind.NoLayers => DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, input?.Attribute, null, args),
                ShapeProblemKind.NonPositiveUnits => DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveSize, layer?.First ?? layer?.Attribute, null, args),
                ShapeProblemKind.TooManyParameters => DiagnosticInfo.Create(DiagnosticDescriptors.TooManyParameters, layer?.First ?? layer?.Attribute, null, args),
                ShapeProblemKind.UnsupportedActivation => DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedActivation, layer?.Second ?? layer?.Attribute, null, args),
                ShapeProblemKind.UndefinedActivation => DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedActivation, layer?.Second ?? layer?.Attribute, null, args),
                ShapeProblemKind.NeedsSequence => DiagnosticInfo.Create(DiagnosticDescriptors.NeedsSequence, layer?.Attribute, Layer(problem.Related)?.Attribute, args),
                _ => DiagnosticInfo.Create(DiagnosticDescriptors.OutputIsSequence, layer?.Attribute,
                    problem.Related != problem.Layer ? Layer(problem.Related)?.Attribute : null, args),
            };
        }
    }
}
