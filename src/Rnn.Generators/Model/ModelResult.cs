using System.Linq;

namespace Rnn.Generators.Model
{
    /// <summary>Where one argument of an attribute is written: the constructor parameter or property it sets, and its span.</summary>
    internal sealed record ArgumentLocation(string Name, LocationInfo Location);

    /// <summary>Where an attribute and each argument written in it are, for diagnostics.</summary>
    /// <param name="Attribute">The whole attribute.</param>
    /// <param name="Arguments">The written arguments, by the constructor parameter (<c>units</c>) or property (<c>ReturnSequences</c>) they set.</param>
    internal sealed record AttributeLocation(LocationInfo? Attribute, EquatableArray<ArgumentLocation> Arguments)
    {
        /// <summary>The argument written for <paramref name="name"/>, or null when it was left to its default.</summary>
        public LocationInfo? Argument(string? name) =>
            name is null ? null : Arguments.FirstOrDefault(a => a.Name == name)?.Location;

        /// <summary>The argument written for <paramref name="name"/>, else the whole attribute.</summary>
        public LocationInfo? ArgumentOrAttribute(string? name) => Argument(name) ?? Attribute;
    }

    /// <summary>
    /// Everything the shape analysis and the emitter read of a parsed model, and nothing that moves when text above it
    /// does (no locations, no diagnostics): an edit that shifts the model's attributes leaves it equal, so the analysis
    /// is served from the cache.
    /// </summary>
    /// <param name="Spec">The declared model; null without a usable [Input].</param>
    /// <param name="CanEmit">False when a declaration error or an erroneous attribute forbids generating source.</param>
    /// <param name="Complete">False when an attribute had compiler errors; shape analysis is then skipped.</param>
    /// <param name="EmitModuleInitializer">The type is reachable from a module initializer and the attribute exists.</param>
    /// <param name="EmitRuntimeMetadata">The referenced runtime's RnnModel has LayerModules, ModelInputShape and InputIsTokens to override.</param>
    internal sealed record ModelDeclaration(
        HierarchyInfo Hierarchy,
        ModelSpec? Spec,
        bool CanEmit,
        bool Complete,
        bool EmitModuleInitializer,
        bool EmitRuntimeMetadata);

    /// <summary>
    /// What the parser found for one model type: its location-free <see cref="ModelDeclaration"/>, plus the attribute
    /// locations that shape problems are reported on and the declaration diagnostics.
    /// </summary>
    internal sealed record ModelResult(
        ModelDeclaration Declaration,
        AttributeLocation? InputLocation,
        EquatableArray<AttributeLocation> LayerLocations,
        EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>
    /// A declared model with its shape analysis (null when it has no spec or an attribute in error). Location-free: the
    /// problems name layers by index, and only the analyzer, which reports them, joins them with locations.
    /// </summary>
    internal sealed record ModelAnalysis(ModelDeclaration Declaration, ShapeAnalysis? Shapes)
    {
        /// <summary>True when the model generates source: nothing forbids it and its shapes have no error.</summary>
        public bool Emit => Declaration.CanEmit && Shapes is { HasErrors: false };
    }

    /// <summary>
    /// Exactly what the emitter needs for one valid model, and nothing that moves when unrelated text does (no
    /// locations, no diagnostics), so an edit that leaves the model alone is served from the cache.
    /// </summary>
    internal sealed record ModelToEmit(HierarchyInfo Hierarchy, ModelSpec Spec, ShapeAnalysis Shapes, bool EmitModuleInitializer, bool EmitRuntimeMetadata);
}
