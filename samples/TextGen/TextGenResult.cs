using System.Collections.Generic;

namespace TextGenSample
{
    /// <summary>The figures of one TextGen run.</summary>
    /// <param name="BaselineBitsPerChar">The Kneser–Ney baseline's bits per character on the test part.</param>
    /// <param name="TrainCharacters">The characters of the training part.</param>
    /// <param name="TestCharacters">The characters of the test part.</param>
    /// <param name="ScoredTestCharacters">The test characters that were scored: those in the training part's vocabulary.</param>
    /// <param name="BaselineSeconds">The time to count the baseline's n-grams and score the test part.</param>
    /// <param name="ModelBitsPerChar">The character model's bits per character on the same test characters.</param>
    /// <param name="TrainingSteps">The model's training steps.</param>
    /// <param name="TrainingSeconds">The model's training time.</param>
    /// <param name="Samples">The generated texts, each with its temperature, in the order printed.</param>
    public sealed record TextGenResult(double BaselineBitsPerChar, int TrainCharacters, int TestCharacters, int ScoredTestCharacters, double BaselineSeconds,
        double ModelBitsPerChar, int TrainingSteps, double TrainingSeconds, IReadOnlyList<(double Temperature, string Text)> Samples);
}
