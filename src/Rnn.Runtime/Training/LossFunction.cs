using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// A loss function for <see cref="RnnModel.Compile(OptimizerSettings?, LossFunction?, System.Collections.Generic.IEnumerable{IMetric}?)"/>,
    /// created by <see cref="Losses"/>. It decides which targets <see cref="O:Rnn.RnnModel.Fit"/> accepts: class ids for
    /// <see cref="Losses.SparseCategoricalCrossentropy"/>, values shaped like the model's output for the others.
    /// </summary>
    public sealed class LossFunction
    {
        private readonly Func<Tensor, Tensor, Tensor> _perPosition;

        /// <param name="name">The Keras name.</param>
        /// <param name="kind">Which targets the loss takes and which accuracy goes with it.</param>
        /// <param name="fromLogits">Whether the outputs are logits (for the accuracy's threshold).</param>
        /// <param name="perPosition">(outputs, targets) → the loss of every sample, or of every step of a sequence
        /// output: class ids keep their shape; value losses take the mean over the last (feature) axis, as Keras.</param>
        internal LossFunction(string name, LossKind kind, bool fromLogits, Func<Tensor, Tensor, Tensor> perPosition)
        {
            Name = name;
            Kind = kind;
            FromLogits = fromLogits;
            _perPosition = perPosition;
        }

        /// <summary>The Keras name, e.g. <c>sparse_categorical_crossentropy</c>.</summary>
        public string Name { get; }

        internal LossKind Kind { get; }

        internal bool FromLogits { get; }

        /// <summary>
        /// The mean loss over the batch. For <see cref="Losses.SparseCategoricalCrossentropy"/>:
        /// <paramref name="outputs"/> [batch, classes] with int64 <paramref name="targets"/> [batch], or
        /// [batch, time, classes] with [batch, time]. For the other losses, <paramref name="targets"/> are float32 and
        /// shaped like <paramref name="outputs"/>.
        /// </summary>
        public Tensor Compute(Tensor outputs, Tensor targets) => Compute(outputs, targets, null, null);

        /// <summary>
        /// Keras's <c>sum_over_batch_size</c> reduction: the sum of the per-position losses times
        /// <paramref name="weights"/> (class weights; null for 1), divided by the number of positions, or by the number
        /// of real steps when <paramref name="mask"/> (float 1 on real steps, 0 on padding) is given.
        /// </summary>
        internal Tensor Compute(Tensor outputs, Tensor targets, Tensor? weights, Tensor? mask)
        {
            var losses = _perPosition(outputs, targets);
            if (weights is null && mask is null) return losses.mean();
            if (weights is not null) losses = losses * weights;
            if (mask is null) return losses.mean();
            using var tiny = 1e-7.ToScalar(); // explicit: a double would become a Scalar only the finalizer frees, every step
            return (losses * mask).sum() / mask.sum().clamp_min(tiny);
        }

        /// <summary>The per-position losses: [batch] or [batch, time].</summary>
        internal Tensor PerPosition(Tensor outputs, Tensor targets) => _perPosition(outputs, targets);

        /// <inheritdoc/>
        public override string ToString() => Name;
    }

    /// <summary>What a loss compares, which decides the targets Fit accepts and which accuracy Compile picks.</summary>
    internal enum LossKind
    {
        /// <summary>Integer class ids against scores over classes (sparse categorical cross-entropy).</summary>
        ClassIds,
        /// <summary>0/1 labels against one score each (binary cross-entropy).</summary>
        Binary,
        /// <summary>Real values against outputs of the same shape (regression).</summary>
        Regression,
    }
}
