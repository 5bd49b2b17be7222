using System;
using System.Collections.Generic;

namespace Rnn
{
    /// <summary>
    /// Frees the device tensors of the built-in metrics' sums (<see cref="MeanMetric"/>) when an epoch or an evaluation
    /// ends without reading them (an exception): the logs' read frees them otherwise, and then this changes nothing.
    /// Your own metrics are left alone.
    /// </summary>
    internal readonly struct MetricSums : IDisposable
    {
        private readonly IReadOnlyList<IMetric> _metrics;

        public MetricSums(IReadOnlyList<IMetric> metrics) => _metrics = metrics;

        /// <summary>Frees what the built-in metrics left unread.</summary>
        public void Dispose()
        {
            for (int i = 0; i < _metrics.Count; i++) (_metrics[i] as MeanMetric)?.DiscardUnread();
        }
    }
}
