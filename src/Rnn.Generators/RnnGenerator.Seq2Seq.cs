using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    public sealed partial class RnnGenerator
    {
        /// <summary>
        /// The Seq2Seq models' pipeline, beside the declared models': <see cref="Parser.ParseSeq2Seq(GeneratorAttributeSyntaxContext, System.Threading.CancellationToken)"/>
        /// (which parses both parts as declared models), then <see cref="AnalyzeSeq2Seq"/> without locations, then only what
        /// <see cref="Seq2SeqEmitter"/> reads (null for a class that must not generate source).
        /// </summary>
        private static IncrementalValuesProvider<Seq2SeqToEmit?> Seq2SeqModels(IncrementalGeneratorInitializationContext context) =>
            context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    RnnNames.Seq2SeqAttribute,
                    static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    static (syntax, cancellationToken) => Parser.ParseSeq2Seq(syntax, cancellationToken))
                .Where(static model => model is not null)
                .Select(static (model, _) => model!.Declaration)
                .WithTrackingName(TrackingNames.Seq2SeqDeclarations)
                .Select(static (declaration, _) => AnalyzeSeq2Seq(declaration))
                .WithTrackingName(TrackingNames.Seq2SeqAnalyzed)
                .Select(static (model, _) => model is { Emit: true, ParameterCount: long count, Declaration: { Encoder: { } encoder, Decoder: { } decoder } declaration }
                    ? new Seq2SeqToEmit(declaration.Hierarchy, declaration.Name, new PartToEmit(encoder.TypeName, encoder.Display),
                        new PartToEmit(decoder.TypeName, decoder.Display), count, model.Members)
                    : null)
                .WithTrackingName(TrackingNames.Seq2SeqEmittable);

        /// <summary>
        /// The pure steps after the Seq2Seq parser: each part's analysis, once, as the generator analyses that model
        /// (<see cref="Analyze"/>), the join's checks over them (<see cref="Seq2SeqJoin.Check"/>), the generated members
        /// (<see cref="ModelMembers.OfSeq2Seq"/>) and the user's members that clash with them.
        /// </summary>
        internal static Seq2SeqAnalysis AnalyzeSeq2Seq(Seq2SeqDeclaration declaration)
        {
            var encoder = declaration.Encoder?.Model is { } e ? Analyze(e) : null;
            var decoder = declaration.Decoder?.Model is { } d ? Analyze(d) : null;
            var (problems, parameterCount) = Seq2SeqJoin.Check(declaration, encoder, decoder);
            var members = ModelMembers.OfSeq2Seq(declaration.Name);
            var clashes = MemberClashes.Find(declaration.Name, new Layers.LayerSpec[0], members, declaration.UserMembers);
            return new Seq2SeqAnalysis(declaration, encoder, decoder, problems, members, clashes, parameterCount);
        }

        /// <summary>
        /// The Seq2Seq class's diagnostics located on the user's code: the parser's, the member clashes, then the join's
        /// problems, each on the [Seq2Seq] class's <c>typeof</c> argument of the part at fault (local to the class, so the
        /// IDE reports it as the class is edited), with the parts' layers it is about as additional locations.
        /// </summary>
        internal static EquatableArray<DiagnosticInfo> Seq2SeqDiagnostics(Seq2SeqResult model, Seq2SeqAnalysis analysis)
        {
            var diagnostics = new List<DiagnosticInfo>(model.Diagnostics);
            foreach (var clash in analysis.Clashes)
                diagnostics.Add(DiagnosticInfo.Create(Descriptor(clash.Id), model.UserMemberLocations[clash.UserMember], null, clash.Arguments.ToArray()));
            foreach (var problem in analysis.Problems)
            {
                var related = problem.Related.Select(site => (site.Part == Seq2SeqRole.Encoder ? model.Encoder : model.Decoder).Site(site.Layer)?.Attribute)
                    .OfType<LocationInfo>().ToEquatableArray();
                diagnostics.Add(DiagnosticInfo.Create(Descriptor(problem.Id), model.Attribute.ArgumentOrAttribute(problem.At == Seq2SeqRole.Encoder ? "encoder" : "decoder"),
                    null, problem.Arguments.ToArray()) with { AdditionalLocations = related });
            }
            return diagnostics.ToEquatableArray();
        }
    }
}
