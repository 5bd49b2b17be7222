namespace Rnn.Data
{
    /// <summary>
    /// Which end of a sequence <see cref="Sequences.Pad"/> pads or truncates, as the <c>"pre"</c> and <c>"post"</c> of
    /// Keras <c>pad_sequences</c>.
    /// </summary>
    public enum SequenceEnd
    {
        /// <summary>The start of the sequence (Keras <c>"pre"</c>, its default).</summary>
        Pre,

        /// <summary>The end of the sequence (Keras <c>"post"</c>).</summary>
        Post,
    }
}
