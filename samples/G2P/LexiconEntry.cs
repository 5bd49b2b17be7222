using System.Collections.Generic;

namespace G2PSample
{
    /// <summary>One word of a pronunciation lexicon and its phonemes.</summary>
    /// <param name="Word">The word as written in the file (NFC-normalised).</param>
    /// <param name="Letters">The word's characters: the text elements of <paramref name="Word"/>, so <c>é</c> is one letter however it was encoded.</param>
    /// <param name="Phonemes">The phonemes, in order; each is a word of the file's phoneme column (e.g. <c>aa</c>, <c>ch</c>).</param>
    public sealed record LexiconEntry(string Word, IReadOnlyList<string> Letters, IReadOnlyList<string> Phonemes);
}
