namespace Rnn.Generators.Model
{
    /// <summary>
    /// A declared model with what the pure steps after the parser find: its shape analysis (null when it has no spec or
    /// an attribute in error), the members its generated class declares, and the user's members that clash with them.
    /// Location-free: problems name layers and user members by index, and only the analyzer, which reports them, joins
    /// them with locations.
    /// </summary>
    /// <param name="Declaration">The parsed model.</param>
    /// <param name="Shapes">The shape analysis, or null.</param>
    /// <param name="LanguageModel">What the language-model rule says of the model (<see cref="LanguageModels.Of"/>); null without shapes.</param>
    /// <param name="Members">What <see cref="ModelMembers.Of"/> gives for the model (empty without a spec).</param>
    /// <param name="Clashes">The user's members that the generated class would declare again.</param>
    internal sealed record ModelAnalysis(
        ModelDeclaration Declaration,
        ShapeAnalysis? Shapes,
        LanguageModelFit? LanguageModel,
        EquatableArray<GeneratedMember> Members,
        EquatableArray<MemberClash> Clashes)
    {
        /// <summary>True when the model generates source: nothing forbids it, its shapes have no error and no member clashes.</summary>
        public bool Emit => Declaration.CanEmit && Shapes is { HasErrors: false } && Clashes.IsEmpty;
    }
}
