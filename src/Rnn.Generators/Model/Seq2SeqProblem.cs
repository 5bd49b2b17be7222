using System.Linq;
using Microsoft.CodeAnalysis;

namespace Rnn.Generators.Model
{
    /// <summary>A layer (-1: the [Input]) of a Seq2Seq model's encoder or decoder, where a finding's additional location is.</summary>
    /// <param name="Part">The encoder or the decoder.</param>
    /// <param name="Layer">The layer's index in the part's spec, -1 for its [Input].</param>
    internal sealed record Seq2SeqSite(Seq2SeqRole Part, int Layer);

    /// <summary>
    /// One problem of a Seq2Seq join, location-free: the diagnostic ID, the [Seq2Seq] argument it is reported on (the
    /// <c>typeof</c> of the part at fault, so that it is local to the Seq2Seq class: the IDE shows it as the class is
    /// edited), the layers of the parts it is about (the additional locations), and the message arguments.
    /// </summary>
    internal sealed record Seq2SeqProblem(string Id, bool IsError, Seq2SeqRole At, EquatableArray<Seq2SeqSite> Related, EquatableArray<string> Arguments)
    {
        public static Seq2SeqProblem Create(DiagnosticDescriptor descriptor, Seq2SeqRole at, Seq2SeqSite[] related, params string[] arguments) =>
            new Seq2SeqProblem(descriptor.Id, descriptor.DefaultSeverity == DiagnosticSeverity.Error, at, related.ToEquatableArray(), new EquatableArray<string>(arguments));
    }
}
