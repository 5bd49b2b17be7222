using System.Collections.Generic;

namespace Rnn
{
    /// <summary>
    /// Stops training as soon as the loss becomes NaN or infinite, as Keras's <c>TerminateOnNaN</c>: after the batch
    /// where it happened, the epoch ends (its validation and <c>OnEpochEnd</c> still run) and no further epoch starts.
    /// </summary>
    public sealed class TerminateOnNaN : Callback
    {
        private int _epoch;

        /// <summary>The zero-based epoch and batch after which training was terminated, or null if it was not.</summary>
        public (int Epoch, int Batch)? TerminatedAt { get; private set; }

        /// <inheritdoc/>
        public override void OnTrainBegin() => TerminatedAt = null;

        /// <inheritdoc/>
        public override void OnEpochBegin(int epoch) => _epoch = epoch;

        /// <inheritdoc/>
        public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
        {
            if (Model is null || !logs.TryGetValue("loss", out double loss) || double.IsFinite(loss)) return;
            TerminatedAt = (_epoch, batch);
            Model.StopTraining = true;
        }
    }
}
