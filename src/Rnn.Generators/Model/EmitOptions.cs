namespace Rnn.Generators.Model
{
    /// <summary>
    /// What the compilation lets the generated class declare besides the model itself. <see cref="ModelMembers"/>
    /// reads it; a feature that needs a newer runtime type adds its flag here.
    /// </summary>
    /// <param name="ModuleInitializer">The type is reachable from a module initializer and the attribute exists.</param>
    /// <param name="RuntimeMetadata">The referenced runtime's RnnModel has LayerModules, ModelInputShape and InputIsTokens to override.</param>
    /// <param name="RecurrentState">The referenced runtime has <c>ModelState</c> and RnnModel's <c>ForwardWithStateCore</c>, so a model with recurrent layers gets its <c>State</c> members.</param>
    /// <param name="Generation">The referenced runtime has <c>Sampling</c>, <c>IsLanguageModel</c> and the recurrent state, so a language model (<see cref="LanguageModels"/>) gets its <c>Generate</c> methods and <c>IsLanguageModel</c>.</param>
    /// <param name="Memory">The referenced runtime has RnnModel's <c>ForwardWithMemoryCore</c>, so a model that can be a Seq2Seq decoder with attention gets it.</param>
    internal sealed record EmitOptions(bool ModuleInitializer, bool RuntimeMetadata, bool RecurrentState, bool Generation, bool Memory);
}
