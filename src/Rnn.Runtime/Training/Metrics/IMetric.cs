using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// A metric that <see cref="O:Rnn.RnnModel.Fit"/> and <see cref="RnnModel.Evaluate"/> report besides the loss, as a
    /// Keras <c>keras.metrics.Metric</c>: it accumulates over the batches of an epoch (or an evaluation) and is reset
    /// before the next. Implement it for your own metric and pass it to <c>Compile(metrics: ...)</c>; it is reported
    /// under <see cref="Name"/>, and under <c>val_</c> + <see cref="Name"/> for validation.
    /// </summary>
    /// <example>
    /// <code>
    /// sealed class MaxAbsoluteError : IMetric
    /// {
    ///     private double _max;
    ///     public string Name => "max_absolute_error";
    ///     public void Update(Tensor targets, Tensor outputs, Tensor? weights) =>
    ///         _max = Math.Max(_max, (outputs - targets).abs().max().item&lt;float&gt;());
    ///     public double Result() => _max;
    ///     public void Reset() => _max = 0;
    /// }
    /// </code>
    /// </example>
    public interface IMetric
    {
        /// <summary>The key in the logs and the <see cref="History"/>, e.g. <c>mean_absolute_error</c>.</summary>
        string Name { get; }

        /// <summary>
        /// Adds one batch, as Keras's <c>update_state(y_true, y_pred, sample_weight)</c>. Called inside the step's
        /// dispose scope and without gradients: keep numbers, not tensors.
        /// </summary>
        /// <param name="targets">The batch's targets as training uses them: int64 class ids [batch] or [batch, time]
        /// for a loss that takes <see cref="LossTargets.ClassIds"/> (such as
        /// <see cref="Losses.SparseCategoricalCrossentropy"/>), otherwise float32 shaped like <paramref name="outputs"/>.</param>
        /// <param name="outputs">The model's outputs for the batch.</param>
        /// <param name="weights">float32 [batch, time], 1 on real steps and 0 on padded ones, when the model masks a
        /// sequence output; null when every position counts.</param>
        void Update(Tensor targets, Tensor outputs, Tensor? weights);

        /// <summary>The metric over all batches since the last <see cref="Reset"/>.</summary>
        double Result();

        /// <summary>Forgets all batches; called before each epoch and each evaluation.</summary>
        void Reset();
    }
}
