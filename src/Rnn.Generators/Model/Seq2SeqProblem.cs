using Microsoft.CodeAnalysis;

namespace Rnn.Generators.Model
{
    /// <summary>Where a Seq2Seq finding points: the [Seq2Seq] attribute, or a layer (-1: the [Input]) of the encoder or the decoder.</summary>
    /// <param name="Part">The part whose attribute it is; null for the [Seq2Seq] attribute itself.</param>
    /// <param name="Layer">The layer's index in the part's spec, -1 for its [Input]; unused for the [Seq2Seq] attribute.</param>
    /// <param name="Argument">The argument at fault (<c>units</c>, <c>decoder</c>), or null for the whole attribute.</param>
    internal sealed record Seq2SeqSite(Seq2SeqRole? Part, int Layer, string? Argument)
    {
        /// <summary>The [Seq2Seq] attribute's argument for <paramref name="role"/>: <c>typeof(Encoder)</c>.</summary>
        public static Seq2SeqSite Attribute(Seq2SeqRole role) => new Seq2SeqSite(null, 0, role == Seq2SeqRole.Encoder ? "encoder" : "decoder");

        /// <summary>Layer <paramref name="layer"/> of <paramref name="part"/>, on <paramref name="argument"/> if written.</summary>
        public static Seq2SeqSite In(Seq2SeqRole part, int layer, string? argument = null) => new Seq2SeqSite(part, layer, argument);
    }

    /// <summary>
    /// One problem of a Seq2Seq join, location-free: the diagnostic ID, where it points and its related location, whether
    /// <c>ReturnSequences = true</c> on the attribute it points at fixes it (the code fix's target), and the message arguments.
    /// </summary>
    internal sealed record Seq2SeqProblem(string Id, bool IsError, Seq2SeqSite At, Seq2SeqSite? Related, bool SetReturnSequences, EquatableArray<string> Arguments)
    {
        public static Seq2SeqProblem Create(DiagnosticDescriptor descriptor, Seq2SeqSite at, Seq2SeqSite? related, params string[] arguments) =>
            new Seq2SeqProblem(descriptor.Id, descriptor.DefaultSeverity == DiagnosticSeverity.Error, at, related, false, new EquatableArray<string>(arguments));
    }
}
