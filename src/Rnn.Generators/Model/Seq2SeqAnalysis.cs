using System.Linq;

namespace Rnn.Generators.Model
{
    /// <summary>
    /// A Seq2Seq class with what the pure steps after its parser find: its parts' analyses, the join's problems, the
    /// members its generated class declares and the user's members that clash with them. Location-free.
    /// </summary>
    /// <param name="Declaration">The parsed class.</param>
    /// <param name="Encoder">The encoder's analysis, as for its own class; null when it is no model.</param>
    /// <param name="Decoder">The decoder's analysis; null when it is no model.</param>
    /// <param name="Problems">The join's problems (RNN0029-RNN0035, RNN0037, RNN0015), in order.</param>
    /// <param name="Members">The members of the generated class.</param>
    /// <param name="Clashes">The user's members that the generated class would declare again.</param>
    /// <param name="ParameterCount">The parts' parameters together; null when a part is no valid model, or the sum does not fit in a long.</param>
    internal sealed record Seq2SeqAnalysis(
        Seq2SeqDeclaration Declaration,
        ModelAnalysis? Encoder,
        ModelAnalysis? Decoder,
        EquatableArray<Seq2SeqProblem> Problems,
        EquatableArray<GeneratedMember> Members,
        EquatableArray<MemberClash> Clashes,
        long? ParameterCount)
    {
        /// <summary>
        /// True when the class generates source: its declaration is valid, both parts are models that generate, the join
        /// has no error and no member clashes.
        /// </summary>
        public bool Emit => Declaration.CanEmit
            && Encoder is { Emit: true } && Decoder is { Emit: true }
            && !Problems.Any(p => p.IsError) && Clashes.IsEmpty && ParameterCount is not null;
    }
}
