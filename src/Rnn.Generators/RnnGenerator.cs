using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    /// <summary>
    /// Generates a TorchSharp model for every partial class with [Input] and layer attributes: typed modules, a
    /// constructor, Forward, Summary and compile-time shape metadata; and an encoder–decoder for every partial class with
    /// [Seq2Seq(typeof(Encoder), typeof(Decoder))], which joins two such models (<c>RnnGenerator.Seq2Seq.cs</c>). Invalid models generate nothing; their RNNxxxx
    /// diagnostics come from <see cref="RnnModelAnalyzer"/>, which runs the same analysis live in the IDE.
    /// </summary>
    /// <remarks>
    /// Data flows one way, one file per stage: the <see cref="Parser"/> (<c>RnnGenerator.Parser*.cs</c>) turns symbols
    /// into plain data; <see cref="Analyze"/> (here) finds the shapes, the generated members and their clashes with the
    /// user's, without locations; the <see cref="Emitter"/> writes the members it is given; and
    /// <c>RnnGenerator.Diagnostics.cs</c> joins the findings with their locations for the analyzer.
    /// </remarks>
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

            // The location-free part of each model: an edit that only moves its attributes or members (a line above them)
            // leaves it equal, so the analysis below is not run again.
            var declarations = models
                .Select(static (model, _) => model.Declaration)
                .WithTrackingName(TrackingNames.Declarations);

            var analyzed = declarations
                .Select(static (declaration, _) => Analyze(declaration))
                .WithTrackingName(TrackingNames.Analyzed);

            // Only what the emitter reads goes on. Null for a model that must not generate source.
            var emittable = analyzed
                .Select(static (model, _) => model is { Emit: true, Shapes: { } shapes, Declaration: { Spec: { } spec } declaration }
                    ? new ModelToEmit(declaration.Hierarchy, spec, shapes, model.Members, model.LanguageModel?.Vocabulary)
                    : null)
                .WithTrackingName(TrackingNames.Emittable);

            var seq2seq = Seq2SeqModels(context);

            // One value for all models: the hint names that differ from another only in case (almost always none, so an
            // edit to one model leaves it equal and the other models' outputs cached).
            var caseClashes = emittable
                .Select(static (model, _) => model?.Hierarchy.HintName)
                .Where(static name => name is not null)
                .Collect()
                .Combine(seq2seq.Select(static (model, _) => model?.Hierarchy.HintName).Where(static name => name is not null).Collect())
                .Select(static (names, _) => HintNames.CaseClashes(names.Left.AddRange(names.Right)!))
                .WithTrackingName(TrackingNames.CaseClashes);

            // Source only: reporting diagnostics is RnnModelAnalyzer's job.
            context.RegisterSourceOutput(emittable.Combine(caseClashes), static (production, pair) =>
            {
                if (pair.Left is { } model) production.AddSource(HintNames.For(model.Hierarchy.HintName, pair.Right), Emitter.Emit(model));
            });
            context.RegisterSourceOutput(seq2seq.Combine(caseClashes), static (production, pair) =>
            {
                if (pair.Left is { } model) production.AddSource(HintNames.For(model.Hierarchy.HintName, pair.Right), Seq2SeqEmitter.Emit(model));
            });
        }

        /// <summary>
        /// The pure steps after the parser, location-free so the generator's pipeline caches them across edits that only
        /// move the model: the shape analysis (<see cref="Shapes.Analyze"/>, on a complete model), what the language-model
        /// rule says of it (<see cref="LanguageModels.Of"/>, with the shapes), the members of the
        /// generated class (<see cref="ModelMembers.Of"/>) and the user's members that clash with them
        /// (<see cref="MemberClashes.Find"/>). The one analysis behind both the generator and the analyzer. A model kind
        /// whose attention layers attend over another sequence (a decoder over its encoder's output) passes it as
        /// <paramref name="memory"/>; null for a plain stack.
        /// </summary>
        internal static ModelAnalysis Analyze(ModelDeclaration declaration, TensorShape? memory = null)
        {
            if (declaration.Spec is not { } spec)
                return new ModelAnalysis(declaration, null, null, EquatableArray<GeneratedMember>.Empty, EquatableArray<MemberClash>.Empty);
            var shapes = declaration.Complete ? Shapes.Analyze(spec, memory) : null;
            var languageModel = shapes is not null ? LanguageModels.Of(spec, shapes) : null;
            var members = ModelMembers.Of(spec, shapes, languageModel, declaration.Options);
            return new ModelAnalysis(declaration, shapes, languageModel, members, MemberClashes.Find(spec, members, declaration.UserMembers));
        }
    }
}
