using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>What <see cref="RnnModel.Compile(OptimizerSettings?, LossFunction?, IEnumerable{IMetric}?)"/> chose: optimizer, loss and metrics; owns the TorchSharp optimizer.</summary>
    internal sealed class TrainingSetup : IDisposable
    {
        /// <summary>The default metric, named as Keras names it.</summary>
        public const string Accuracy = "accuracy";

        private RnnOptimizer? _optimizer;

        public TrainingSetup(OptimizerSettings optimizer, LossFunction loss, IEnumerable<IMetric> metrics, string modelName)
        {
            Optimizer = optimizer;
            Loss = loss;
            Metrics = Bind(metrics, loss, modelName);
        }

        public OptimizerSettings Optimizer { get; }
        public LossFunction Loss { get; }

        /// <summary>The compiled metrics, bound to the loss (Keras's "accuracy" resolved), in the order given.</summary>
        public IReadOnlyList<IMetric> Metrics { get; }

        /// <summary>The optimizer for <paramref name="model"/>'s parameters, created on first use and kept across Fit calls, as in Keras.</summary>
        public RnnOptimizer GetOptimizer(RnnModel model) => _optimizer ??= Optimizer.Create(model.named_parameters());

        /// <summary>
        /// After the model's weights moved (another device or dtype): a new optimizer for the moved parameters, holding the
        /// old one's state (moments, step count, learning rate) on their device; nothing when none was created yet.
        /// </summary>
        public void RebuildOptimizer(RnnModel model)
        {
            if (_optimizer is null) return;
            var rebuilt = Optimizer.Create(model.named_parameters());
            rebuilt.TakeStateOf(_optimizer);
            _optimizer.Dispose();
            _optimizer = rebuilt;
        }

        /// <summary>The learning rate the next step uses.</summary>
        public double CurrentLearningRate(RnnModel model) => GetOptimizer(model).LearningRate;

        /// <summary>Sets the learning rate of the next steps.</summary>
        public void SetLearningRate(RnnModel model, double value) => GetOptimizer(model).LearningRate = value;

        public void Dispose() => _optimizer?.Dispose();

        private static IReadOnlyList<IMetric> Bind(IEnumerable<IMetric> metrics, LossFunction loss, string modelName)
        {
            var bound = new List<IMetric>();
            foreach (var metric in metrics)
            {
                if (metric is null) throw new ArgumentException($"{modelName}.Compile: metrics must not contain null.", nameof(metrics));
                if (string.IsNullOrWhiteSpace(metric.Name) || metric.Name == "loss" || metric.Name.StartsWith("val_", StringComparison.Ordinal))
                    throw new ArgumentException(
                        $"{modelName}.Compile: a metric's Name must be non-empty, not \"loss\" and not start with \"val_\" (those keys are the loss's and validation's), but {metric.GetType().Name} is named \"{metric.Name}\".",
                        nameof(metrics));
                bound.Add(metric is MeanMetric builtIn ? builtIn.Bind(loss, modelName) : metric);
            }
            var duplicate = bound.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new ArgumentException($"{modelName}.Compile: two metrics are named \"{duplicate.Key}\"; each key in the logs must be unique.", nameof(metrics));
            return bound;
        }
    }
}
