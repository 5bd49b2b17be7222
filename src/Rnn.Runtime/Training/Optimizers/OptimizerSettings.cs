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
            Func<IEnumerable<(string Name, Parameter Parameter)>, RnnOptimizer> create, string hyperParameters = "")
        {
            Name = name;
            LearningRate = learningRate;
            ClipNorm = clipNorm;
            _create = create;
            Signature = Describe(hyperParameters);
        }

        /// <summary>
        /// The optimizer and every hyper-parameter, e.g. <c>adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1E-07)</c>:
        /// a training checkpoint resumes only with an optimizer of the same signature.
        /// </summary>
        internal string Signature { get; }

        /// <summary>The Keras name of the optimizer: <c>adam</c>, <c>sgd</c> or <c>rmsprop</c>.</summary>
        public string Name { get; }

        /// <summary>The learning rate.</summary>
        public double LearningRate { get; }

        /// <summary>The per-variable gradient norm limit (Keras's <c>clipnorm</c>), or null for no clipping.</summary>
        public double? ClipNorm { get; }

        /// <summary>Creates the optimizer for the model's named <paramref name="parameters"/>.</summary>
        internal RnnOptimizer Create(IEnumerable<(string Name, Parameter Parameter)> parameters) => _create(parameters);

        /// <inheritdoc/>
        public override string ToString() => Describe(hyperParameters: "");

        /// <summary>
        /// <c>name(learning_rate=…{hyperParameters}, clipnorm=…)</c>: the one format of <see cref="Signature"/> (with every
        /// hyper-parameter) and <see cref="ToString"/> (without the optimizer-specific ones).
        /// </summary>
        private string Describe(string hyperParameters) =>
            $"{Name}(learning_rate={Format(LearningRate)}{hyperParameters}{(ClipNorm is double c ? Part("clipnorm", c) : "")})";

        /// <summary>A hyper-parameter for <see cref="Signature"/>: <c>, name=value</c>.</summary>
        internal static string Part(string name, double value) => ", " + name + "=" + Format(value);

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
