using System.Collections.Generic;

namespace Rnn
{
    /// <summary>
    /// Hooks into <see cref="O:Rnn.RnnModel.Fit"/>, as Keras's <c>keras.callbacks.Callback</c>. Override the methods you need;
    /// set <see cref="RnnModel.StopTraining"/> to end training after the current batch or epoch. Fit calls every
    /// callback through one list, in the order given, followed by the <see cref="History"/> and the progress printer,
    /// as Keras's <c>CallbackList</c>:
    /// <c>OnTrainBegin</c>; per epoch <c>OnEpochBegin</c>, per batch <c>OnTrainBatchBegin</c>/<c>OnTrainBatchEnd</c>,
    /// then, when validating, <c>OnTestBegin</c>, per batch <c>OnTestBatchBegin</c>/<c>OnTestBatchEnd</c>,
    /// <c>OnTestEnd</c>, and <c>OnEpochEnd</c>; finally <c>OnTrainEnd</c>.
    /// </summary>
    public abstract class Callback
    {
        /// <summary>The model being trained; set before <see cref="OnTrainBegin"/>.</summary>
        public RnnModel? Model { get; internal set; }

        /// <summary>Called once before the first epoch.</summary>
        public virtual void OnTrainBegin() { }

        /// <summary>Called at the start of epoch <paramref name="epoch"/> (zero-based; the first is <c>initialEpoch</c> when resuming).</summary>
        public virtual void OnEpochBegin(int epoch) { }

        /// <summary>Called before training batch <paramref name="batch"/> (zero-based within the epoch).</summary>
        public virtual void OnTrainBatchBegin(int batch) { }

        /// <summary>
        /// Called after training batch <paramref name="batch"/> with the epoch's running metrics so far: <c>loss</c> and
        /// the compiled metrics (e.g. <c>accuracy</c>).
        /// </summary>
        public virtual void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }

        /// <summary>Called before the validation at the end of an epoch.</summary>
        public virtual void OnTestBegin() { }

        /// <summary>Called before validation batch <paramref name="batch"/>.</summary>
        public virtual void OnTestBatchBegin(int batch) { }

        /// <summary>Called after validation batch <paramref name="batch"/> with the running validation metrics, without the <c>val_</c> prefix.</summary>
        public virtual void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }

        /// <summary>Called after the validation with its metrics, without the <c>val_</c> prefix (<c>loss</c>, <c>accuracy</c>).</summary>
        public virtual void OnTestEnd(IReadOnlyDictionary<string, double> logs) { }

        /// <summary>
        /// Called after epoch <paramref name="epoch"/> (zero-based) and its validation, with the epoch's metrics:
        /// <c>loss</c>, the compiled metrics (e.g. <c>accuracy</c>), and <c>val_loss</c>, <c>val_accuracy</c>, … when
        /// validating.
        /// </summary>
        public virtual void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) { }

        /// <summary>Called once after the last epoch, also when training stopped early.</summary>
        public virtual void OnTrainEnd() { }
    }
}
