namespace Rnn
{
    /// <summary>A callback that watches one metric, so Fit can check before the first step that the metric will be reported.</summary>
    internal interface IMonitoringCallback
    {
        /// <summary>The watched metric.</summary>
        MonitoredMetric Monitor { get; }
    }
}
