namespace Rnn.Generators.Model
{
    /// <summary>The two models a Seq2Seq model joins, in the order of the attribute's arguments.</summary>
    internal enum Seq2SeqRole
    {
        /// <summary>The first argument: the model that reads the source.</summary>
        Encoder,

        /// <summary>The second argument: the language model that writes the target.</summary>
        Decoder,
    }

    /// <summary>
    /// One part of a Seq2Seq model as the parser found it, location-free: the type named by <c>typeof</c>, and either the
    /// model it declares, parsed as for that type but not yet analysed (<see cref="RnnGenerator.AnalyzeSeq2Seq"/> does
    /// that, once), or why it is none.
    /// </summary>
    /// <param name="Role">Encoder or decoder.</param>
    /// <param name="Display">The type as messages name it, e.g. <c>Encoder</c> or <c>Outer.Encoder</c>.</param>
    /// <param name="TypeName">The type as generated code names it, <c>global::</c>-qualified.</param>
    /// <param name="NotAModel">Why the type is no declared Rnn model (RNN0030), or null when it is one.</param>
    /// <param name="Model">The declared model; null when the type is none.</param>
    internal sealed record Seq2SeqPart(Seq2SeqRole Role, string Display, string TypeName, string? NotAModel, ModelDeclaration? Model)
    {
        /// <summary><c>encoder</c> or <c>decoder</c>: the attribute's constructor parameter, and how messages name the role.</summary>
        public string Argument => Role == Seq2SeqRole.Encoder ? "encoder" : "decoder";
    }
}
