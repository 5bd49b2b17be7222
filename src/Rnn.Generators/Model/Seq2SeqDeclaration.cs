namespace Rnn.Generators.Model
{
    /// <summary>
    /// A <c>[Seq2Seq(typeof(Encoder), typeof(Decoder))]</c> class as plain data, without locations (as
    /// <see cref="ModelDeclaration"/> for a declared model), so that an edit that only moves it leaves its analysis cached.
    /// </summary>
    /// <param name="Hierarchy">Where the class lives.</param>
    /// <param name="Name">The class name.</param>
    /// <param name="Encoder">The encoder; null when the attribute is in error (the compiler reports it).</param>
    /// <param name="Decoder">The decoder; null when the attribute is in error.</param>
    /// <param name="CanEmit">False when a declaration error (the class itself, or layers of its own) forbids generating source.</param>
    /// <param name="UserMembers">The user's members named like a generated member, in the order of their locations.</param>
    internal sealed record Seq2SeqDeclaration(
        HierarchyInfo Hierarchy,
        string Name,
        Seq2SeqPart? Encoder,
        Seq2SeqPart? Decoder,
        bool CanEmit,
        EquatableArray<UserMember> UserMembers);
}
