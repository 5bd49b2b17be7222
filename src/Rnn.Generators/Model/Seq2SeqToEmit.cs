namespace Rnn.Generators.Model
{
    /// <summary>Exactly what the emitter needs for one valid Seq2Seq class, and nothing that moves when unrelated text does.</summary>
    /// <param name="Hierarchy">Where the generated partial class goes.</param>
    /// <param name="Name">The class name.</param>
    /// <param name="Encoder">The encoder: its type, <c>global::</c>-qualified, and how its summary names it.</param>
    /// <param name="Decoder">The decoder: its type and how its summary names it.</param>
    /// <param name="ParameterCount">The encoder's and the decoder's parameters together.</param>
    /// <param name="Members">The members to write, in order.</param>
    internal sealed record Seq2SeqToEmit(HierarchyInfo Hierarchy, string Name, PartToEmit Encoder, PartToEmit Decoder, long ParameterCount, EquatableArray<GeneratedMember> Members);

    /// <summary>One part of a Seq2Seq model for the emitter: its type, <c>global::</c>-qualified, and its name in the summary.</summary>
    internal sealed record PartToEmit(string TypeName, string Display);
}
