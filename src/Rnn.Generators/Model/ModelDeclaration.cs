namespace Rnn.Generators.Model
{
    /// <summary>
    /// Everything the analysis and the emitter read of a parsed model, and nothing that moves when text above it does
    /// (no locations, no diagnostics): an edit that shifts the model's attributes or members leaves it equal, so the
    /// analysis is served from the cache.
    /// </summary>
    /// <param name="Hierarchy">Where the model type lives.</param>
    /// <param name="Spec">The declared model; null without a usable [Input].</param>
    /// <param name="CanEmit">False when a declaration error or an erroneous attribute forbids generating source.</param>
    /// <param name="Complete">False when an attribute had compiler errors; shape analysis is then skipped.</param>
    /// <param name="Options">What the compilation lets the generated class declare.</param>
    /// <param name="UserMembers">
    /// The user's members named like a member the generated class may declare, in the order of
    /// <see cref="ModelResult.UserMemberLocations"/>; <see cref="MemberClashes"/> finds which of them clash.
    /// </param>
    internal sealed record ModelDeclaration(
        HierarchyInfo Hierarchy,
        ModelSpec? Spec,
        bool CanEmit,
        bool Complete,
        EmitOptions Options,
        EquatableArray<UserMember> UserMembers);
}
