namespace Rnn
{
    /// <summary>
    /// What a <see cref="LossFunction"/> compares the model's outputs with. It decides the targets
    /// <see cref="O:Rnn.RnnModel.Fit"/> and <see cref="RnnModel.Evaluate"/> accept, how the model's mask lines up with the
    /// loss's positions, whether <c>classWeight</c> applies, and which metrics fit (e.g. which accuracy
    /// <see cref="Metrics.Accuracy"/> means).
    /// </summary>
    public enum LossTargets
    {
        /// <summary>
        /// Integer class ids against scores over classes, as sparse categorical cross-entropy: int64 targets [batch] for
        /// outputs [batch, classes], or [batch, time] for [batch, time, classes]. Fit converts other integer types.
        /// </summary>
        ClassIds,

        /// <summary>
        /// 0/1 labels against one score each, as binary cross-entropy: float32 targets shaped like the outputs (Fit also
        /// takes integer or bool labels, and labels without the output's last axis when that is 1).
        /// </summary>
        BinaryLabels,

        /// <summary>
        /// Real numbers against outputs of the same shape, as a regression loss: float32 targets shaped like the outputs
        /// (or without the output's last axis when that is 1).
        /// </summary>
        Values,
    }
}
