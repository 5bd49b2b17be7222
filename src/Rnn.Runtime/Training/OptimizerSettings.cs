using System;
using System.Collections.Generic;
using System.Globalization;
using TorchSharp.Modules;

namespace Rnn
{
    /// <summary>
    /// An optimizer choice and its hyper-parameters, created by <see cref="Optimizers"/> and passed to
    /// <see cref="RnnModel.Compile(OptimizerSettings?, LossFunction?, System.Collections.Generic.IEnumerable{IMetric}?)"/>. The optimizer itself is created for the model's parameters when training starts.
    /// </summary>
    public sealed class OptimizerSettings
    {
        private readonly Func<IEnumerable<(string Name, Parameter Parameter)>, RnnOptimizer> _create;

        internal OptimizerSettings(string name, double learningRate, double? clipNorm,
            Func<IEnumerable<(string Name, Parameter Parameter)>, RnnOptimizer> create)
        {
            Name = name;
            LearningRate = learningRate;
            ClipNorm = clipNorm;
            _create = create;
        }

        /// <summary>The Keras name of the optimizer: <c>adam</c>, <c>sgd</c> or <c>rmsprop</c>.</summary>
        public string Name { get; }

        /// <summary>The learning rate.</summary>
        public double LearningRate { get; }

        /// <summary>The per-variable gradient norm limit (Keras's <c>clipnorm</c>), or null for no clipping.</summary>
        public double? ClipNorm { get; }

        /// <summary>Creates the optimizer for the model's named <paramref name="parameters"/>.</summary>
        internal RnnOptimizer Create(IEnumerable<(string Name, Parameter Parameter)> parameters) => _create(parameters);

        /// <inheritdoc/>
        public override string ToString() =>
            $"{Name}(learning_rate={Format(LearningRate)}{(ClipNorm is double c ? ", clipnorm=" + Format(c) : "")})";

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
