using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>What <see cref="RnnModel.Compile"/> chose: optimizer, loss and metrics; owns the optimizer.</summary>
    internal sealed class TrainingSetup : IDisposable
    {
        /// <summary>The only metric supported so far: sparse categorical accuracy, named as Keras names it.</summary>
        public const string Accuracy = "accuracy";

        private RnnOptimizer? _optimizer;

        public TrainingSetup(OptimizerSettings optimizer, LossFunction loss, IEnumerable<string> metrics, string modelName)
        {
            Optimizer = optimizer;
            Loss = loss;
            var names = metrics.ToList();
            var unknown = names.Where(m => m != Accuracy).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException(
                    $"{modelName}.Compile supports the metric \"{Accuracy}\", not {string.Join(", ", unknown.Select(u => "\"" + u + "\""))}.", nameof(metrics));
            ComputesAccuracy = names.Contains(Accuracy);
        }

        public OptimizerSettings Optimizer { get; }
        public LossFunction Loss { get; }
        public bool ComputesAccuracy { get; }

        /// <summary>The optimizer for <paramref name="model"/>'s parameters, created on first use and kept across Fit calls, as in Keras.</summary>
        public RnnOptimizer GetOptimizer(RnnModel model) => _optimizer ??= Optimizer.Create(model.named_parameters());

        /// <summary>The learning rate the next step uses.</summary>
        public double CurrentLearningRate(RnnModel model) => GetOptimizer(model).LearningRate;

        /// <summary>Sets the learning rate of the next steps.</summary>
        public void SetLearningRate(RnnModel model, double value) => GetOptimizer(model).LearningRate = value;

        public void Dispose() => _optimizer?.Dispose();
    }
}
