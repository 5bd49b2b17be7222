using System;
using System.Collections.Generic;
using System.Linq;

namespace Rnn
{
    /// <summary>
    /// Keras-style metric factories for <c>Compile(metrics: new[] { Metrics.Accuracy, ... })</c>. Each property returns a
    /// new metric. Their keys in the logs are the Keras 3 class names in snake case (<c>mean_absolute_error</c>);
    /// Keras's string forms are accepted too and keep the string as the key (<c>"mae"</c> → <c>mae</c>, <c>val_mae</c>),
    /// as Keras 3 does.
    /// </summary>
    public static class Metrics
    {
        /// <summary>
        /// The fraction of correct predictions, chosen from the loss as Keras's <c>"accuracy"</c>: the highest score is
        /// the class id for <see cref="Losses.SparseCategoricalCrossentropy"/> (sparse categorical accuracy), and the
        /// score is on the label's side of the threshold for <see cref="Losses.BinaryCrossentropy"/> (binary accuracy:
        /// 0.5 for probabilities, 0 for logits, i.e. sigmoid 0.5). Padded steps do not count. Key: <c>accuracy</c>.
        /// Compile rejects it with a regression loss.
        /// </summary>
        public static IMetric Accuracy => new AccuracyMetric("accuracy");

        /// <summary>
        /// The fraction of samples (or steps) whose class id is among the <paramref name="k"/> highest scores, as Keras's
        /// <c>SparseTopKCategoricalAccuracy(k)</c>; needs <see cref="Losses.SparseCategoricalCrossentropy"/>.
        /// Key: <c>sparse_top_k_categorical_accuracy</c>.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
        public static IMetric TopKAccuracy(int k = 5)
        {
            if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, $"TopKAccuracy needs k of at least 1, but k was {k}.");
            return new TopKAccuracyMetric("sparse_top_k_categorical_accuracy", k);
        }

        /// <summary>The mean absolute difference between outputs and targets, as Keras's <c>MeanAbsoluteError</c>. Key: <c>mean_absolute_error</c>.</summary>
        public static IMetric MeanAbsoluteError => new MeanAbsoluteErrorMetric("mean_absolute_error");

        /// <summary>The mean squared difference between outputs and targets, as Keras's <c>MeanSquaredError</c>. Key: <c>mean_squared_error</c>.</summary>
        public static IMetric MeanSquaredError => new MeanSquaredErrorMetric("mean_squared_error");

        /// <summary>
        /// The square root of the mean squared difference over all samples seen, as Keras's <c>RootMeanSquaredError</c>
        /// (not the mean of per-batch roots). Key: <c>root_mean_squared_error</c>.
        /// </summary>
        public static IMetric RootMeanSquaredError => new RootMeanSquaredErrorMetric("root_mean_squared_error");

        /// <summary>The Keras metric strings accepted by <c>Compile(metrics: new[] { "mae" })</c>.</summary>
        internal static IReadOnlyList<string> Names { get; } = new[]
        {
            "accuracy", "acc", "mae", "mean_absolute_error", "mse", "mean_squared_error", "root_mean_squared_error",
            "sparse_top_k_categorical_accuracy",
        };

        /// <summary>The metric for a Keras string, keyed by that string as Keras 3 does; null if unknown.</summary>
        internal static IMetric? FromName(string name) => name switch
        {
            "accuracy" or "acc" => new AccuracyMetric(name),
            "mae" or "mean_absolute_error" => new MeanAbsoluteErrorMetric(name),
            "mse" or "mean_squared_error" => new MeanSquaredErrorMetric(name),
            "root_mean_squared_error" => new RootMeanSquaredErrorMetric(name),
            "sparse_top_k_categorical_accuracy" => new TopKAccuracyMetric(name, 5),
            _ => null,
        };

        /// <summary>The metrics for Keras strings.</summary>
        /// <exception cref="ArgumentException">A string is not a known metric; the message lists those that are.</exception>
        internal static IReadOnlyList<IMetric> FromNames(IEnumerable<string> names, string modelName)
        {
            var list = names.ToList();
            var unknown = list.Where(n => n is null || FromName(n) is null).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException(
                    $"{modelName}.Compile supports the metrics {string.Join(", ", Names.Select(Quote))}, not {string.Join(", ", unknown.Select(Quote))}.", "metrics");
            return list.Select(n => FromName(n)!).ToList();
        }

        private static string Quote(string? s) => s is null ? "null" : "\"" + s + "\"";
    }
}
