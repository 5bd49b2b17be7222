namespace Rnn.Generators.Model
{
    /// <summary>
    /// What the Seq2Seq parser found for one class: its location-free <see cref="Seq2SeqDeclaration"/>, the locations the
    /// join's findings are reported on, and the declaration's own diagnostics.
    /// </summary>
    /// <param name="Declaration">The class as plain data.</param>
    /// <param name="Attribute">The [Seq2Seq] attribute and its <c>encoder</c> and <c>decoder</c> arguments.</param>
    /// <param name="Encoder">The encoder's [Input] and layer attributes (empty when it is no model).</param>
    /// <param name="Decoder">The decoder's [Input] and layer attributes.</param>
    /// <param name="UserMemberLocations">Each of <see cref="Seq2SeqDeclaration.UserMembers"/>, in order.</param>
    /// <param name="Diagnostics">The declaration's own problems (RNN0005-RNN0007, RNN0012, RNN0014, RNN0027, RNN0036).</param>
    internal sealed record Seq2SeqResult(
        Seq2SeqDeclaration Declaration,
        AttributeLocation Attribute,
        PartLocations Encoder,
        PartLocations Decoder,
        EquatableArray<LocationInfo> UserMemberLocations,
        EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>Where one part's [Input] (null without one) and layer attributes are, in the order of its spec's layers.</summary>
    internal sealed record PartLocations(AttributeLocation? Input, EquatableArray<AttributeLocation> Layers)
    {
        public static readonly PartLocations None = new PartLocations(null, EquatableArray<AttributeLocation>.Empty);

        /// <summary>The attribute of layer <paramref name="layer"/>, or the [Input] for -1; null when there is none.</summary>
        public AttributeLocation? Site(int layer) => layer < 0 ? Input : layer < Layers.Count ? Layers[layer] : null;
    }
}
