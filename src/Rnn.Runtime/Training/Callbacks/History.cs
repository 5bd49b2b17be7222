using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace Rnn
{
    /// <summary>
    /// What <see cref="O:Rnn.RnnModel.Fit"/> recorded, as Keras's <c>History</c> callback: one value per epoch for each metric
    /// (<c>loss</c>, the compiled metrics such as <c>accuracy</c>, and <c>val_loss</c>, <c>val_accuracy</c>, … when
    /// validating). Fit adds one to its callbacks unless one is passed, and returns it.
    /// </summary>
    public sealed partial class History : Callback
    {
        private readonly Dictionary<string, List<double>> _metrics = new(StringComparer.Ordinal);
        private readonly List<int> _epochs = new();

        /// <summary>The zero-based indices of the epochs that ran, as Keras's <c>history.epoch</c>.</summary>
        public IReadOnlyList<int> Epochs => _epochs;

        /// <summary>Each metric's values, one per epoch, as Keras's <c>history.history</c>; keys in alphabetical order.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<double>> Metrics =>
            new ReadOnlyDictionary<string, IReadOnlyList<double>>(
                _metrics.OrderBy(m => m.Key, StringComparer.Ordinal).ToDictionary(m => m.Key, m => (IReadOnlyList<double>)m.Value.AsReadOnly()));

        /// <summary>The values of metric <paramref name="name"/>, one per epoch.</summary>
        /// <exception cref="KeyNotFoundException">The metric was not recorded; the message lists those that were.</exception>
        public IReadOnlyList<double> this[string name] => _metrics.TryGetValue(name, out var values)
            ? values.AsReadOnly()
            : throw new KeyNotFoundException($"History has no metric '{name}'; it has {string.Join(", ", _metrics.Keys.OrderBy(k => k, StringComparer.Ordinal))}.");

        /// <summary>Records the epoch's metrics.</summary>
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => Add(epoch, logs);

        /// <summary>Replaces everything recorded with <paramref name="epochs"/> and <paramref name="metrics"/> (a training checkpoint's).</summary>
        internal void Restore(IReadOnlyList<int> epochs, IReadOnlyDictionary<string, double[]> metrics)
        {
            _epochs.Clear();
            _epochs.AddRange(epochs);
            _metrics.Clear();
            foreach (var (name, values) in metrics) _metrics[name] = new List<double>(values);
        }

        internal void Add(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            _epochs.Add(epoch);
            foreach (var (name, value) in logs)
            {
                if (!_metrics.TryGetValue(name, out var values)) _metrics[name] = values = new List<double>();
                values.Add(value);
            }
        }
    }
}
