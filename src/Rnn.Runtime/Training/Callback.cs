using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Rnn
{
    /// <summary>
    /// Hooks into <see cref="RnnModel.Fit"/>, as Keras's <c>keras.callbacks.Callback</c>. Override the methods you need;
    /// set <see cref="RnnModel.StopTraining"/> to end training after the current epoch.
    /// </summary>
    public abstract class Callback
    {
        /// <summary>The model being trained; set before <see cref="OnTrainBegin"/>.</summary>
        public RnnModel? Model { get; internal set; }

        /// <summary>Called once before the first epoch.</summary>
        public virtual void OnTrainBegin() { }

        /// <summary>Called at the start of epoch <paramref name="epoch"/> (zero-based).</summary>
        public virtual void OnEpochBegin(int epoch) { }

        /// <summary>
        /// Called after epoch <paramref name="epoch"/> (zero-based) and its validation, with the epoch's metrics:
        /// <c>loss</c>, <c>accuracy</c>, and <c>val_loss</c>, <c>val_accuracy</c> when validating.
        /// </summary>
        public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) { }

        /// <summary>Called once after the last epoch, also when training stopped early.</summary>
        public virtual void OnTrainEnd() { }
    }

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

    /// <summary>Tracks the best value of a monitored metric; shared by <see cref="ModelCheckpoint"/> and <see cref="EarlyStopping"/>.</summary>
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
