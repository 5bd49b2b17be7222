using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// A loss for <see cref="RnnModel.Compile(OptimizerSettings?, LossFunction?, System.Collections.Generic.IEnumerable{IMetric}?)"/>,
    /// as a Keras <c>keras.losses.Loss</c>: the built-in ones come from <see cref="Losses"/>; for your own, derive from
    /// this class. A loss gives one value per position (per sample, or per step of a sequence output) in
    /// <see cref="PerPosition"/>; the runtime multiplies them by <c>classWeight</c>, leaves out padded steps (per the
    /// model's mask) and averages, as Keras's <c>sum_over_batch_size</c>, exactly as for the built-in losses.
    /// <see cref="Targets"/> decides which targets <see cref="O:Rnn.RnnModel.Fit"/> accepts and converts them once.
    /// </summary>
    /// <example>
    /// A focal loss over class ids, from logits:
    /// <code>
    /// sealed class FocalLoss : LossFunction
    /// {
    ///     private readonly double _gamma;
    ///     public FocalLoss(double gamma = 2) : base("focal_loss", LossTargets.ClassIds, fromLogits: true) => _gamma = gamma;
    ///     public override Tensor PerPosition(Tensor outputs, Tensor targets)
    ///     {
    ///         using var gamma = _gamma.ToScalar();
    ///         var logP = outputs.log_softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1); // log p of the true class
    ///         return logP.expm1().neg().pow(gamma).mul(logP).neg();                             // -(1 - p)^γ log p
    ///     }
    /// }
    /// </code>
    /// </example>
    public abstract class LossFunction
    {
        /// <summary>Creates a loss.</summary>
        /// <param name="name">The name in error messages, e.g. <c>focal_loss</c>.</param>
        /// <param name="targets">What the loss compares the outputs with: class ids, 0/1 labels or values.</param>
        /// <param name="fromLogits">Whether the outputs are logits rather than probabilities: binary accuracy then
        /// thresholds them at 0 instead of 0.5.</param>
        /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="targets"/> is not a <see cref="LossTargets"/> member.</exception>
        protected LossFunction(string name, LossTargets targets, bool fromLogits = false)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException($"{GetType().Name}: a loss needs a name (for error messages), but it was \"{name}\".", nameof(name));
            if (!Enum.IsDefined(targets))
                throw new ArgumentOutOfRangeException(nameof(targets), targets,
                    $"{name}: targets must be LossTargets.ClassIds, BinaryLabels or Values, but was (LossTargets){(int)targets}.");
            Name = name;
            Targets = targets;
            FromLogits = fromLogits;
        }

        /// <summary>The name, e.g. <c>sparse_categorical_crossentropy</c>.</summary>
        public string Name { get; }

        /// <summary>What the loss compares the outputs with; decides the targets <see cref="O:Rnn.RnnModel.Fit"/> accepts.</summary>
        public LossTargets Targets { get; }

        /// <summary>Whether the outputs are logits rather than probabilities (for binary accuracy's threshold).</summary>
        public bool FromLogits { get; }

        /// <summary>
        /// The loss of every position, without any reduction over the batch: [batch] for outputs [batch, …], or
        /// [batch, time] for a sequence output [batch, time, …] (a value loss averages the last, feature axis, as Keras).
        /// Called inside the training step's dispose scope; return a tensor with gradients through
        /// <paramref name="outputs"/>.
        /// </summary>
        /// <param name="outputs">The model's outputs [batch, …].</param>
        /// <param name="targets">The batch's targets as <see cref="Targets"/> says: int64 class ids [batch] or
        /// [batch, time] for <see cref="LossTargets.ClassIds"/>, otherwise float32 shaped like <paramref name="outputs"/>.</param>
        public abstract Tensor PerPosition(Tensor outputs, Tensor targets);

        /// <summary>
        /// The mean loss over the batch. For <see cref="LossTargets.ClassIds"/>: <paramref name="outputs"/> [batch, classes]
        /// with int64 <paramref name="targets"/> [batch], or [batch, time, classes] with [batch, time]. Otherwise
        /// <paramref name="targets"/> are float32 and shaped like <paramref name="outputs"/>.
        /// </summary>
        /// <exception cref="InvalidOperationException"><see cref="PerPosition"/> gave a tensor of another shape than the positions.</exception>
        public Tensor Compute(Tensor outputs, Tensor targets) => Compute(outputs, targets, null, null);

        /// <summary>
        /// Keras's <c>sum_over_batch_size</c> reduction: the sum of the per-position losses times
        /// <paramref name="weights"/> (class weights; null for 1), divided by the number of positions, or by the number
        /// of real steps when <paramref name="mask"/> (float 1 on real steps, 0 on padding) is given.
        /// </summary>
        internal Tensor Compute(Tensor outputs, Tensor targets, Tensor? weights, Tensor? mask)
        {
            var losses = PerPosition(outputs, targets);
            CheckPerPosition(losses, outputs, targets);
            if (weights is null && mask is null) return losses.mean();
            if (weights is not null) losses = losses * weights;
            if (mask is null) return losses.mean();
            using var tiny = 1e-7.ToScalar(); // explicit: a double would become a Scalar only the finalizer frees, every step
            return (losses * mask).sum() / mask.sum().clamp_min(tiny);
        }

        /// <summary>
        /// The loss's positions: the leading <c>Rank</c> axes of <c>Of</c>, which is the class ids themselves, or the
        /// outputs without their last (score or feature) axis.
        /// </summary>
        internal (Tensor Of, long Rank) Positions(Tensor outputs, Tensor targets) => Targets switch
        {
            LossTargets.ClassIds => (targets, targets.Dimensions),
            LossTargets.BinaryLabels or LossTargets.Values => (outputs, outputs.Dimensions - 1),
            _ => throw UnknownTargets(),
        };

        /// <summary>True when <paramref name="tensor"/> is shaped as the positions: [batch] or [batch, time].</summary>
        internal bool HasOneValuePerPosition(Tensor tensor, Tensor outputs, Tensor targets)
        {
            // dim()/size(d), not shape: a shape read leaves an array to the finalizer, and this runs every step.
            var (positions, rank) = Positions(outputs, targets);
            if (tensor.Dimensions != rank) return false;
            for (int d = 0; d < rank; d++)
                if (tensor.size(d) != positions.size(d)) return false;
            return true;
        }

        /// <summary>True for class ids and 0/1 labels: the losses that have classes (for accuracy and <c>classWeight</c>).</summary>
        internal bool HasClasses => Targets switch
        {
            LossTargets.ClassIds or LossTargets.BinaryLabels => true,
            LossTargets.Values => false,
            _ => throw UnknownTargets(),
        };

        /// <summary>For the default branch of a switch over <see cref="Targets"/>: the constructor admits only its members.</summary>
        internal InvalidOperationException UnknownTargets() =>
            new($"{Name}: unknown LossTargets value {(int)Targets}; expected ClassIds, BinaryLabels or Values.");

        /// <inheritdoc/>
        public override string ToString() => Name;

        private void CheckPerPosition(Tensor losses, Tensor outputs, Tensor targets)
        {
            if (HasOneValuePerPosition(losses, outputs, targets)) return;
            var (positions, rank) = Positions(outputs, targets);
            throw new InvalidOperationException(
                $"{Name}: PerPosition must return one loss per position, shaped {Shape.Format(positions.shape[..(int)rank])}, but returned {Shape.Format(losses.shape)}.");
        }
    }
}
