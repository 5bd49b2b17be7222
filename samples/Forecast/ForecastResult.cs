namespace ForecastSample
{
    /// <summary>The test mean absolute errors of one run, in the series' units, and the training time.</summary>
    public sealed record ForecastResult(double PersistenceMae, double SeasonalNaiveMae, double TestMae, double TrainingSeconds);
}
