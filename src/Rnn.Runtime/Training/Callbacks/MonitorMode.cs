namespace Rnn
{
    /// <summary>Whether a monitored metric improves by going down or up.</summary>
    public enum MonitorMode
    {
        /// <summary>Up for metrics named like accuracy, down otherwise (losses).</summary>
        Auto = 0,
        /// <summary>Lower is better.</summary>
        Min = 1,
        /// <summary>Higher is better.</summary>
        Max = 2,
    }
}
