namespace G2PSample
{
    /// <summary>The figures of one G2P run.</summary>
    /// <param name="TrainWords">The words the model trains on.</param>
    /// <param name="TestWords">The held-out words it is scored on.</param>
    /// <param name="Greedy">The held-out words' error rates with greedy decoding.</param>
    /// <param name="Beam">The held-out words' error rates with beam search.</param>
    /// <param name="TrainingSeconds">The time Fit took.</param>
    public sealed record G2PResult(int TrainWords, int TestWords, ErrorRates Greedy, ErrorRates Beam, double TrainingSeconds);
}
