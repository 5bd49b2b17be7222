using System;
using System.Collections.Generic;
using System.Linq;
using System.Collections.ObjectModel;

namespace Rnn
{
    /// <summary>
    /// The result of <see cref="RnnModel.Evaluate"/>: the mean loss, the accuracy, and every compiled metric.
    /// Deconstructs into (loss, accuracy).
    /// </summary>
    /// <param name="Loss">Mean loss per sample.</param>
    /// <param name="Accuracy">The accuracy that goes with the loss (sparse categorical or binary, over real steps), as
    /// Keras's <c>"accuracy"</c>; computed even when not compiled as a metric; NaN for regression losses.</param>
    public readonly record struct Evaluation(double Loss, double Accuracy)
    {
        private static readonly IReadOnlyDictionary<string, double> Empty = new ReadOnlyDictionary<string, double>(new Dictionary<string, double>());
        private readonly IReadOnlyDictionary<string, double>? _metrics;

        /// <summary>The loss and the compiled metrics by their keys, as Keras's <c>evaluate(return_dict=True)</c>, e.g. <c>loss</c>, <c>mae</c>.</summary>
        public IReadOnlyDictionary<string, double> Metrics
        {
            get => _metrics ?? Empty;
            init => _metrics = value;
        }

        /// <summary>Equal when the loss, the accuracy and every metric are equal.</summary>
        public bool Equals(Evaluation other) =>
            Loss.Equals(other.Loss) && Accuracy.Equals(other.Accuracy) && Metrics.Count == other.Metrics.Count &&
            Metrics.All(m => other.Metrics.TryGetValue(m.Key, out double value) && m.Value.Equals(value));

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(Loss, Accuracy, Metrics.Count);
    }
}
