using System;
using System.Collections.Generic;
using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// An optimizer choice and its hyper-parameters, created by <see cref="Optimizers"/> and passed to
    /// <see cref="RnnModel.Compile"/>. The TorchSharp optimizer itself is created for the model's parameters when
    /// training starts.
    /// </summary>
    public sealed class OptimizerSettings
    {
        private readonly Func<IEnumerable<Parameter>, optim.Optimizer> _create;

        internal OptimizerSettings(string name, double learningRate, Func<IEnumerable<Parameter>, optim.Optimizer> create)
        {
            Name = name;
            LearningRate = learningRate;
            _create = create;
        }

        /// <summary>The Keras name of the optimizer: <c>adam</c>, <c>sgd</c> or <c>rmsprop</c>.</summary>
        public string Name { get; }

        /// <summary>The learning rate.</summary>
        public double LearningRate { get; }

        /// <summary>Creates the TorchSharp optimizer for <paramref name="parameters"/>.</summary>
        internal optim.Optimizer Create(IEnumerable<Parameter> parameters) => _create(parameters);

        /// <inheritdoc/>
        public override string ToString() => $"{Name}(learning_rate={LearningRate.ToString("R", CultureInfo.InvariantCulture)})";
    }

    /// <summary>Keras-style optimizer factories with Keras's default hyper-parameters, backed by TorchSharp's optimizers.</summary>
    public static class Optimizers
    {
        /// <summary>Adam, as <c>keras.optimizers.Adam</c> (learning rate 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-7).</summary>
        /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
        public static OptimizerSettings Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
        {
            CheckLearningRate(learningRate);
            CheckFraction(beta1, nameof(beta1));
            CheckFraction(beta2, nameof(beta2));
            CheckPositive(epsilon, nameof(epsilon));
            return new OptimizerSettings("adam", learningRate, p => optim.Adam(p, learningRate, beta1, beta2, epsilon));
        }

        /// <summary>Stochastic gradient descent, as <c>keras.optimizers.SGD</c> (learning rate 0.01, no momentum).</summary>
        /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
        public static OptimizerSettings Sgd(double learningRate = 0.01, double momentum = 0, bool nesterov = false)
        {
            CheckLearningRate(learningRate);
            if (!(momentum >= 0 && momentum < 1))
                throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"The momentum must be in [0, 1), but was {Format(momentum)}.");
            if (nesterov && momentum == 0)
                throw new ArgumentException("Nesterov momentum needs a momentum greater than 0, but momentum was 0.", nameof(nesterov));
            return new OptimizerSettings("sgd", learningRate, p => optim.SGD(p, learningRate, momentum, nesterov: nesterov));
        }

        /// <summary>RMSprop, as <c>keras.optimizers.RMSprop</c> (learning rate 1e-3, ρ 0.9, no momentum, ε 1e-7).</summary>
        /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
        public static OptimizerSettings RmsProp(double learningRate = 1e-3, double rho = 0.9, double momentum = 0, double epsilon = 1e-7)
        {
            CheckLearningRate(learningRate);
            CheckFraction(rho, nameof(rho));
            if (!(momentum >= 0 && momentum < 1))
                throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"The momentum must be in [0, 1), but was {Format(momentum)}.");
            CheckPositive(epsilon, nameof(epsilon));
            return new OptimizerSettings("rmsprop", learningRate, p => optim.RMSProp(p, learningRate, rho, epsilon, momentum: momentum));
        }

        private static void CheckLearningRate(double learningRate) => CheckPositive(learningRate, nameof(learningRate));

        private static void CheckPositive(double value, string name)
        {
            if (!(value > 0 && double.IsFinite(value)))
                throw new ArgumentOutOfRangeException(name, value, $"The {name} must be a positive number, but was {Format(value)}.");
        }

        private static void CheckFraction(double value, string name)
        {
            if (!(value >= 0 && value < 1))
                throw new ArgumentOutOfRangeException(name, value, $"The {name} must be in [0, 1), but was {Format(value)}.");
        }

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
