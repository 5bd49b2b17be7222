namespace G2PSample
{
    /// <summary>The figures of one G2P run.</summary>
    /// <param name="TrainWords">The words the model trains on.</param>
    /// <param name="TestWords">The held-out words it is scored on.</param>
    /// <param name="Letters">The letter vocabulary's size, the four reserved ids included.</param>
    /// <param name="Phonemes">The phoneme vocabulary's size, the four reserved ids included.</param>
    public sealed record G2PResult(int TrainWords, int TestWords, int Letters, int Phonemes);
}
