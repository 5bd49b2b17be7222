using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Rnn
{
    /// <summary>Tracks the best value of a monitored metric; shared by <see cref="ModelCheckpoint"/>, <see cref="EarlyStopping"/> and <see cref="ReduceLROnPlateau"/>.</summary>
    internal sealed class MonitoredMetric
    {
        private readonly bool _higherIsBetter;
        private readonly double _minDelta;

        public MonitoredMetric(string name, MonitorMode mode, double minDelta, string owner)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException($"{owner} needs the name of a metric to monitor, e.g. \"val_loss\", but got '{name}'.", "monitor");
            if (!Enum.IsDefined(mode))
                throw new ArgumentOutOfRangeException("mode", mode, $"{owner} mode must be Auto, Min or Max.");
            if (!(minDelta >= 0))
                throw new ArgumentOutOfRangeException("minDelta", minDelta, $"{owner} minDelta must be 0 or more, but was {minDelta.ToString("R", CultureInfo.InvariantCulture)}.");
            Name = name;
            Owner = owner;
            _minDelta = minDelta;
            _higherIsBetter = mode == MonitorMode.Max || (mode == MonitorMode.Auto && (name.EndsWith("acc", StringComparison.Ordinal) || name.Contains("accuracy", StringComparison.Ordinal)));
            Reset();
        }

        public string Name { get; }
        public string Owner { get; }
        public double Best { get; private set; }

        public void Reset() => Best = _higherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;

        /// <summary>Sets the best value so far, as a training checkpoint recorded it.</summary>
        public void RestoreBest(double best) => Best = best;

        /// <summary>The owner and the metric, e.g. <c>EarlyStopping(val_loss)</c>: how a training checkpoint names the owner's state.</summary>
        public string CheckpointName => $"{Owner}({Name})";

        /// <summary>
        /// Throws before training starts if <paramref name="reported"/>, the metrics Fit will report, lacks this one,
        /// e.g. <c>val_loss</c> without validation data.
        /// </summary>
        public void RequireReported(IReadOnlyCollection<string> reported)
        {
            if (!reported.Contains(Name)) throw Missing(reported);
        }

        private InvalidOperationException Missing(IEnumerable<string> reported) => new(
            $"{Owner} monitors '{Name}', but training reports only {string.Join(", ", reported.OrderBy(k => k, StringComparer.Ordinal))}" +
            (Name.StartsWith("val_", StringComparison.Ordinal) ? "; pass validationSplit or validationData to Fit." : "."));

        /// <summary>Reads the metric from <paramref name="logs"/>; records and returns true if it improved on the best so far.</summary>
        /// <exception cref="InvalidOperationException">The logs do not have the metric; the message lists those they have.</exception>
        public bool Improved(IReadOnlyDictionary<string, double> logs)
        {
            if (!logs.TryGetValue(Name, out double value)) throw Missing(logs.Keys);
            bool better = _higherIsBetter ? value > Best + _minDelta : value < Best - _minDelta;
            if (better) { Best = value; return true; }
            return false;
        }
    }
}
