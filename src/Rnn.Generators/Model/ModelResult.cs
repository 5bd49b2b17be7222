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
    /// What the parser found for one model type: where it lives, the declared model (null without a usable [Input]),
    /// attribute locations for shape diagnostics, and declaration diagnostics.
    /// </summary>
    /// <param name="Key">The fully qualified type name.</param>
    /// <param name="CanEmit">False when a declaration error or an erroneous attribute forbids generating source.</param>
    /// <param name="Complete">False when an attribute had compiler errors; shape analysis is then skipped.</param>
    /// <param name="EmitModuleInitializer">The type is reachable from a module initializer and the attribute exists.</param>
    /// <param name="EmitRuntimeMetadata">The referenced runtime's RnnModel has LayerModules, ModelInputShape and InputIsTokens to override.</param>
    internal sealed record ModelResult(
        string Key,
        HierarchyInfo Hierarchy,
        ModelSpec? Spec,
        AttributeLocation? InputLocation,
        EquatableArray<AttributeLocation> LayerLocations,
        EquatableArray<DiagnosticInfo> Diagnostics,
        bool CanEmit,
        bool Complete,
        bool EmitModuleInitializer,
        bool EmitRuntimeMetadata);

    /// <summary>A model with its shape analysis and every diagnostic to report; <see cref="Emit"/> says whether to generate source.</summary>
    internal sealed record AnalyzedModel(ModelResult Model, ShapeAnalysis? Shapes, EquatableArray<DiagnosticInfo> Diagnostics, bool Emit);

    /// <summary>
    /// Exactly what the emitter needs for one valid model, and nothing that moves when unrelated text does (no
    /// locations, no diagnostics), so an edit that leaves the model alone is served from the cache.
    /// </summary>
    internal sealed record ModelToEmit(HierarchyInfo Hierarchy, ModelSpec Spec, ShapeAnalysis Shapes, bool EmitModuleInitializer, bool EmitRuntimeMetadata);
}
