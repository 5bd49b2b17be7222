using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    public sealed partial class RnnGenerator
    {
        /// <summary>
        /// Every diagnostic of one type (none when it has no Rnn attribute): the parser's, and the findings of
        /// <see cref="Analyze(ModelDeclaration)"/> located on the user's code. What <see cref="RnnModelAnalyzer"/> reports.
        /// </summary>
        internal static EquatableArray<DiagnosticInfo> Diagnose(INamedTypeSymbol type, RnnSymbols symbols, CancellationToken cancellationToken)
        {
            if (type.TypeKind != TypeKind.Class) return EquatableArray<DiagnosticInfo>.Empty;
            // A class with [Seq2Seq] is a Seq2Seq model, whatever else it declares (RNN0036 reports its own layers).
            if (Parser.ParseSeq2Seq(type, symbols, cancellationToken) is { } seq2seq)
                return Seq2SeqDiagnostics(seq2seq, AnalyzeSeq2Seq(seq2seq.Declaration));
            return Parser.Parse(type, symbols, cancellationToken) is { } model
                ? Diagnostics(model, Analyze(model.Declaration))
                : EquatableArray<DiagnosticInfo>.Empty;
        }

        /// <summary>
        /// The parser's diagnostics, then the member clashes, then the shape problems, each located on the user's code:
        /// the member's name, or the attribute or argument at fault. Only the analyzer joins findings with locations.
        /// </summary>
        internal static EquatableArray<DiagnosticInfo> Diagnostics(ModelResult model, ModelAnalysis analysis)
        {
            var diagnostics = new List<DiagnosticInfo>(model.Diagnostics);
            foreach (var clash in analysis.Clashes)
                diagnostics.Add(DiagnosticInfo.Create(Descriptor(clash.Id), model.UserMemberLocations[clash.UserMember], null, clash.Arguments.ToArray()));
            foreach (var problem in analysis.Shapes?.Problems ?? EquatableArray<ShapeProblem>.Empty)
                diagnostics.Add(ToDiagnostic(model, problem));
            return diagnostics.ToEquatableArray();
        }

        /// <summary>Locates a problem: on the argument it names (else the whole attribute), with the related layer as the additional location.</summary>
        private static DiagnosticInfo ToDiagnostic(ModelResult model, ShapeProblem problem)
        {
            AttributeLocation? Site(int index) =>
                index < 0 ? model.InputLocation : index < model.LayerLocations.Count ? model.LayerLocations[index] : null;

            var related = problem.Related is int r && r != problem.Layer ? Site(r)?.Attribute : null;
            var properties = problem.ReturnSequencesOn is int target && Site(target)?.Attribute is { } targetLocation
                ? new EquatableArray<ArgumentLocation>(new[] { new ArgumentLocation(DiagnosticIds.ReturnSequencesTarget, targetLocation) })
                : EquatableArray<ArgumentLocation>.Empty;
            return DiagnosticInfo.Create(Descriptor(problem.Id), Site(problem.Layer)?.ArgumentOrAttribute(problem.Argument), related, problem.Arguments.ToArray())
                with { SpanProperties = properties };
        }

        private static DiagnosticDescriptor Descriptor(string id) =>
            DiagnosticDescriptors.ById.TryGetValue(id, out var descriptor)
                ? descriptor
                : throw new InvalidOperationException("A finding has the ID " + id + ", which has no descriptor.");
    }
}
