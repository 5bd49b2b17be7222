using System;
using Rnn;

namespace MnistSample
{
    /// <summary>
    /// The one-cycle learning-rate schedule (Smith &amp; Topin; PyTorch's <c>OneCycleLR</c> with cosine annealing), set
    /// before every step: the rate rises from <c>peak / 25</c> to <paramref name="peak"/> over the first
    /// <paramref name="warmUp"/> fraction of the steps, then falls along half a cosine to <c>peak / 10⁴</c> at the last step.
    /// A short training run can use a high peak rate without diverging early and still settle at the end.
    /// </summary>
    public sealed class OneCycleSchedule : Callback
    {
        private readonly double _peak, _warmUp;
        private readonly int _stepsPerEpoch, _totalSteps;
        private int _epoch;

        /// <param name="peak">The highest rate, reached at the end of the warm-up.</param>
        /// <param name="epochs">Epochs of the training run.</param>
        /// <param name="stepsPerEpoch">Steps (batches) per epoch.</param>
        /// <param name="warmUp">Fraction of all steps spent rising to the peak, in [0, 1).</param>
        /// <exception cref="ArgumentOutOfRangeException">A rate or count is not positive, or the warm-up is outside [0, 1).</exception>
        public OneCycleSchedule(double peak, int epochs, int stepsPerEpoch, double warmUp)
        {
            if (!(peak > 0 && double.IsFinite(peak))) throw new ArgumentOutOfRangeException(nameof(peak), peak, "The peak rate must be a positive finite number.");
            if (epochs <= 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "The number of epochs must be positive.");
            if (stepsPerEpoch <= 0) throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), stepsPerEpoch, "The steps per epoch must be positive.");
            if (!(warmUp >= 0 && warmUp < 1)) throw new ArgumentOutOfRangeException(nameof(warmUp), warmUp, "The warm-up fraction must be in [0, 1).");
            _peak = peak;
            _warmUp = warmUp;
            _stepsPerEpoch = stepsPerEpoch;
            _totalSteps = epochs * stepsPerEpoch;
        }

        /// <summary>The rate of step <paramref name="step"/> (counted from 0 over the whole run).</summary>
        public double Rate(int step)
        {
            double start = _peak / 25, end = _peak / 1e4;
            double warmUpSteps = _warmUp * _totalSteps;
            if (step < warmUpSteps) return start + (_peak - start) * step / warmUpSteps;
            double progress = Math.Min(1, (step - warmUpSteps) / Math.Max(1, _totalSteps - 1 - warmUpSteps));
            return end + (_peak - end) * 0.5 * (1 + Math.Cos(Math.PI * progress));
        }

        /// <inheritdoc/>
        public override void OnEpochBegin(int epoch) => _epoch = epoch;

        /// <inheritdoc/>
        public override void OnTrainBatchBegin(int batch)
        {
            var model = Model ?? throw new InvalidOperationException("OneCycleSchedule is used outside Fit.");
            model.LearningRate = Rate(_epoch * _stepsPerEpoch + batch);
        }
    }
}
