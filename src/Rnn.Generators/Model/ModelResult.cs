namespace Rnn.Generators.Model
{
    /// <summary>
    /// What the parser found for one model type: its location-free <see cref="ModelDeclaration"/>, plus the locations
    /// that the later steps' findings are reported on, and the declaration diagnostics.
    /// </summary>
    /// <param name="Declaration">The model as plain data.</param>
    /// <param name="InputLocation">The first [Input], where problems with the input are reported; null without one.</param>
    /// <param name="LayerLocations">Each layer attribute, in the order of the spec's layers: where shape problems are reported.</param>
    /// <param name="UserMemberLocations">Each of <see cref="ModelDeclaration.UserMembers"/>, in order: where member clashes are reported.</param>
    /// <param name="Diagnostics">The declaration's own problems (RNN0003-RNN0008, RNN0012, RNN0014, RNN0027).</param>
    internal sealed record ModelResult(
        ModelDeclaration Declaration,
        AttributeLocation? InputLocation,
        EquatableArray<AttributeLocation> LayerLocations,
        EquatableArray<LocationInfo> UserMemberLocations,
        EquatableArray<DiagnosticInfo> Diagnostics);
}
