namespace Rnn.Data
{
    /// <summary>What a <see cref="Vocabulary"/> counts as one token.</summary>
    public enum TokenLevel
    {
        /// <summary>
        /// One user-perceived character: a Unicode text element (grapheme cluster) of the NFC-normalised text, so
        /// <c>é</c>, <c>e</c> + combining acute, a Hangul syllable or an emoji with a skin-tone modifier is one token.
        /// </summary>
        Character,

        /// <summary>One word: a maximal run of non-white-space text elements, as Keras <c>split="whitespace"</c>.</summary>
        Word,
    }
}
