namespace LanguageIdSample
{
    /// <summary>The test accuracies of one run (over <paramref name="TestCount"/> test words) and the model's training time.</summary>
    public sealed record LanguageIdResult(double BaselineAccuracy, double TestAccuracy, double TrainingSeconds, int TestCount);
}
