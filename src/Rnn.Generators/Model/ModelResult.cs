namespace Rnn.Generators.Model
{
    /// <summary>Where an attribute and its (up to two) constructor arguments are, for diagnostics.</summary>
    /// <param name="Attribute">The whole attribute.</param>
    /// <param name="First">Units, or timesteps for [Input]; null when not written.</param>
    /// <param name="Second">Activation, or features for [Input]; null when not written (the default).</param>
    internal sealed record AttributeLocation(LocationInfo? Attribute, LocationInfo? First, LocationInfo? Second);

    /// <summary>
    /// What the parser found for one model type: where it lives, the declared model (null without a usable [Input]),
    /// attribute locations for shape diagnostics, and declaration diagnostics.
    /// </summary>
    /// <param name="Key">The fully qualified type name, to deduplicate the per-attribute discoveries.</param>
    /// <param name="CanEmit">False when a declaration error or an erroneous attribute forbids generating source.</param>
    /// <param name="Complete">False when an attribute had compiler errors; shape analysis is then skipped.</param>
    /// <param name="EmitModuleInitializer">The type is reachable from a module initializer and the attribute exists.</param>
    internal sealed record ModelResult(
        string Key,
        HierarchyInfo Hierarchy,
        ModelSpec? Spec,
        AttributeLocation? InputLocation,
        EquatableArray<AttributeLocation> LayerLocations,
        EquatableArray<DiagnosticInfo> Diagnostics,
        bool CanEmit,
        bool Complete,
        bool EmitModuleInitializer);

    /// <summary>A model with its shape analysis and every diagnostic to report; <see cref="Emit"/> says whether to generate source.</summary>
    internal sealed record AnalyzedModel(ModelResult Model, ShapeAnalysis? Shapes, EquatableArray<DiagnosticInfo> Diagnostics, bool Emit);

    /// <summary>
    /// Exactly what the emitter needs for one valid model, and nothing that moves when unrelated text does (no
    /// locations, no diagnostics), so an edit that leaves the model alone is served from the cache.
    /// </summary>
    internal sealed record ModelToEmit(HierarchyInfo Hierarchy, ModelSpec Spec, ShapeAnalysis Shapes, bool EmitModuleInitializer);
}
