namespace Rnn.Generators.Model
{
    /// <summary>
    /// What the language-model rule (<see cref="LanguageModels.Of"/>) says of one analysed model, evaluated once, in
    /// <see cref="RnnGenerator.Analyze"/>, and read from here by the member list, the emitter and the Seq2Seq join.
    /// </summary>
    /// <param name="Vocabulary">V when the model is a language model in its own right (it gets <c>Generate</c>); otherwise null.</param>
    /// <param name="DecodesWithAttention">
    /// True when the model can be a Seq2Seq decoder whose attention layers attend over its encoder's output: it gets
    /// <c>ForwardWithMemoryCore</c>.
    /// </param>
    /// <param name="WhyNotADecoder">
    /// Why the model cannot be a Seq2Seq decoder (RNN0035), with the layer at fault (-1: the input); null when it can.
    /// </param>
    internal sealed record LanguageModelFit(int? Vocabulary, bool DecodesWithAttention, (string Reason, int Layer)? WhyNotADecoder);
}
