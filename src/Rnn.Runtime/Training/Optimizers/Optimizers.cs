using System;
using System.Globalization;

namespace Rnn
{
    /// <summary>
    /// Keras-style optimizer factories with Keras's default hyper-parameters. The updates are the runtime's own
    /// (<c>torch.optim</c>'s formulas, computed without leaving native objects to the finalizer); each factory's
    /// summary states where they differ from Keras.
    /// </summary>
    public static class Optimizers
    {
        /// <summary>
        /// Adam, as <c>keras.optimizers.Adam</c> (learning rate 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-7), with PyTorch's placement of ε
        /// (added to the bias-corrected √v; Keras adds it before the correction, a difference only for tiny v).
        /// </summary>
        /// <param name="learningRate">The step size.</param>
        /// <param name="beta1">Decay of the first-moment (mean) estimate, in [0, 1).</param>
        /// <param name="beta2">Decay of the second-moment estimate, in [0, 1).</param>
        /// <param name="epsilon">Added to the denominator for numerical stability.</param>
        /// <param name="clipNorm">When set, each parameter's gradient is scaled down to this L2 norm if it is larger,
        /// as Keras's per-variable <c>clipnorm</c> (not <c>global_clipnorm</c>).</param>
        /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
        public static OptimizerSettings Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
            double? clipNorm = null)
        {
            CheckLearningRate(learningRate);
            CheckFraction(beta1, nameof(beta1));
            CheckFraction(beta2, nameof(beta2));
            CheckPositive(epsilon, nameof(epsilon));
            CheckClipNorm(clipNorm);
            return new OptimizerSettings("adam", learningRate, clipNorm,
                p => new AdamOptimizer(p, learningRate, beta1, beta2, epsilon, clipNorm),
                OptimizerSettings.Part("beta_1", beta1) + OptimizerSettings.Part("beta_2", beta2) + OptimizerSettings.Part("epsilon", epsilon));
        }

        /// <summary>
        /// Stochastic gradient descent, as <c>keras.optimizers.SGD</c> (learning rate 0.01, no momentum). With momentum,
        /// the buffer accumulates gradients and the learning rate applies when stepping (PyTorch's form); for a constant
        /// learning rate this equals Keras's update.
        /// </summary>
        /// <param name="learningRate">The step size.</param>
        /// <param name="momentum">Momentum factor in [0, 1); 0 for plain SGD.</param>
        /// <param name="nesterov">Use Nesterov momentum (needs a momentum greater than 0).</param>
        /// <param name="clipNorm">When set, each parameter's gradient is scaled down to this L2 norm if it is larger,
        /// as Keras's per-variable <c>clipnorm</c> (not <c>global_clipnorm</c>).</param>
        /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
        /// <exception cref="ArgumentException">Nesterov momentum without momentum.</exception>
        public static OptimizerSettings Sgd(double learningRate = 0.01, double momentum = 0, bool nesterov = false, double? clipNorm = null)
        {
            CheckLearningRate(learningRate);
            CheckMomentum(momentum);
            if (nesterov && momentum == 0)
                throw new ArgumentException("Nesterov momentum needs a momentum greater than 0, but momentum was 0.", nameof(nesterov));
            CheckClipNorm(clipNorm);
            return new OptimizerSettings("sgd", learningRate, clipNorm, p => new SgdOptimizer(p, learningRate, momentum, nesterov, clipNorm),
                OptimizerSettings.Part("momentum", momentum) + (nesterov ? ", nesterov=True" : ""));
        }

        /// <summary>
        /// RMSprop, as <c>keras.optimizers.RMSprop</c> (learning rate 1e-3, ρ 0.9, no momentum, ε 1e-7), with PyTorch's
        /// placement of ε (added to √s; Keras adds it inside the square root, a difference only for tiny s).
        /// </summary>
        /// <param name="learningRate">The step size.</param>
        /// <param name="rho">Decay of the moving average of squared gradients, in [0, 1).</param>
        /// <param name="momentum">Momentum factor in [0, 1); 0 for none.</param>
        /// <param name="epsilon">Added to the denominator for numerical stability.</param>
        /// <param name="clipNorm">When set, each parameter's gradient is scaled down to this L2 norm if it is larger,
        /// as Keras's per-variable <c>clipnorm</c> (not <c>global_clipnorm</c>).</param>
        /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
        public static OptimizerSettings RmsProp(double learningRate = 1e-3, double rho = 0.9, double momentum = 0, double epsilon = 1e-7,
            double? clipNorm = null)
        {
            CheckLearningRate(learningRate);
            CheckFraction(rho, nameof(rho));
            CheckMomentum(momentum);
            CheckPositive(epsilon, nameof(epsilon));
            CheckClipNorm(clipNorm);
            return new OptimizerSettings("rmsprop", learningRate, clipNorm,
                p => new RmsPropOptimizer(p, learningRate, rho, momentum, epsilon, clipNorm),
                OptimizerSettings.Part("rho", rho) + OptimizerSettings.Part("momentum", momentum) + OptimizerSettings.Part("epsilon", epsilon));
        }

        private static void CheckLearningRate(double learningRate) => CheckPositive(learningRate, nameof(learningRate));

        private static void CheckMomentum(double momentum)
        {
            if (!(momentum >= 0 && momentum < 1))
                throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"The momentum must be in [0, 1), but was {Format(momentum)}.");
        }

        private static void CheckClipNorm(double? clipNorm)
        {
            if (clipNorm is double value) CheckPositive(value, nameof(clipNorm));
        }

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
