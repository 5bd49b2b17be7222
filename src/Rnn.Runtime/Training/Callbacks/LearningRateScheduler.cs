using System;
using System.Collections.Generic;
using System.Globalization;

namespace Rnn
{
    /// <summary>
    /// Sets the learning rate at the start of every epoch from a schedule, as Keras's
    /// <c>keras.callbacks.LearningRateScheduler(schedule)</c>: <c>schedule(epoch, currentRate)</c> returns the new rate,
    /// with <c>epoch</c> counted from 0.
    /// </summary>
    public sealed class LearningRateScheduler : Callback
    {
        private readonly Func<int, double, double> _schedule;

        /// <summary>Creates the callback from <paramref name="schedule"/>: (epoch, current rate) → new rate.</summary>
        public LearningRateScheduler(Func<int, double, double> schedule) =>
            _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));

        /// <summary>
        /// Cosine decay, as <c>keras.optimizers.schedules.CosineDecay</c> taken per epoch: the rate falls from
        /// <paramref name="initialLearningRate"/> at epoch 0 along half a cosine towards
        /// <paramref name="initialLearningRate"/> × <paramref name="alpha"/> at epoch <paramref name="epochs"/>.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">A rate is not positive, <paramref name="epochs"/> is not positive, or alpha is outside [0, 1].</exception>
        public static LearningRateScheduler CosineDecay(double initialLearningRate, int epochs, double alpha = 0)
        {
            if (!(initialLearningRate > 0 && double.IsFinite(initialLearningRate)))
                throw new ArgumentOutOfRangeException(nameof(initialLearningRate), initialLearningRate, "The initial learning rate must be a positive finite number.");
            if (epochs <= 0)
                throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "The number of epochs must be positive.");
            if (!(alpha >= 0 && alpha <= 1))
                throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1].");
            return new LearningRateScheduler((epoch, _) =>
            {
                double progress = Math.Min(epoch, epochs) / (double)epochs;
                double cosine = 0.5 * (1 + Math.Cos(Math.PI * progress));
                return initialLearningRate * ((1 - alpha) * cosine + alpha);
            });
        }

        /// <inheritdoc/>
        public override void OnEpochBegin(int epoch)
        {
            var model = Model ?? throw new InvalidOperationException("LearningRateScheduler is used outside Fit.");
            double rate = _schedule(epoch, model.LearningRate);
            if (!(rate > 0 && double.IsFinite(rate)))
                throw new InvalidOperationException(
                    $"The learning-rate schedule returned {rate.ToString("R", CultureInfo.InvariantCulture)} for epoch {epoch}; it must return a positive finite number.");
            model.LearningRate = rate;
        }
    }
}
