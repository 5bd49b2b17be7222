namespace Rnn.Generators.Model
{
    /// <summary>
    /// Exactly what the emitter needs for one valid model, and nothing that moves when unrelated text does (no
    /// locations, no diagnostics), so an edit that leaves the model alone is served from the cache.
    /// </summary>
    /// <param name="Hierarchy">Where the generated partial class goes.</param>
    /// <param name="Spec">The declared model.</param>
    /// <param name="Shapes">Its shape analysis, without errors.</param>
    /// <param name="Members">The members to write, in order (<see cref="ModelMembers.Of"/>).</param>
    /// <param name="Vocabulary">V of a language model, which its <c>Generate</c> members pass on; null for any other model.</param>
    internal sealed record ModelToEmit(HierarchyInfo Hierarchy, ModelSpec Spec, ShapeAnalysis Shapes, EquatableArray<GeneratedMember> Members, int? Vocabulary);
}
