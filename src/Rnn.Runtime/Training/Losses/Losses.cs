using System;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Keras-style loss factories. Each loss is computed per sample (or per step of a sequence output) and averaged
    /// over the batch, as Keras's default <c>sum_over_batch_size</c> reduction; padded steps are left out through the
    /// model's mask, and <c>classWeight</c> scales each sample's loss. For your own loss, derive from
    /// <see cref="LossFunction"/>.
    /// </summary>
    public static class Losses
    {
        /// <summary>Clipping of probabilities, as Keras's <c>backend.epsilon()</c>.</summary>
        private const double Epsilon = 1e-7;

        /// <summary>
        /// Cross-entropy between integer class ids and the model's scores over classes, as
        /// <c>keras.losses.SparseCategoricalCrossentropy</c>: targets [batch] for outputs [batch, classes], or
        /// [batch, time] for sequence outputs [batch, time, classes] (tagging). With <paramref name="fromLogits"/> true
        /// (the default here, and what models ending in a Dense layer without activation need) the outputs are logits;
        /// with false they are probabilities, e.g. from a softmax layer.
        /// </summary>
        public static LossFunction SparseCategoricalCrossentropy(bool fromLogits = true) => new SparseCategoricalCrossentropyLoss(fromLogits);

        /// <summary>
        /// Cross-entropy between 0/1 labels and one score per label, as <c>keras.losses.BinaryCrossentropy</c>: targets
        /// [batch] for outputs [batch, 1], or [batch, k] for k independent labels (averaged over them). With
        /// <paramref name="fromLogits"/> true the outputs are logits (a Dense layer without activation); with false
        /// (Keras's default) they are probabilities, e.g. from a sigmoid activation, clipped to [1e-7, 1 - 1e-7].
        /// </summary>
        public static LossFunction BinaryCrossentropy(bool fromLogits = false) => new BinaryCrossentropyLoss(fromLogits);

        /// <summary>The mean of the squared differences over the last axis, as <c>keras.losses.MeanSquaredError</c>.</summary>
        public static LossFunction MeanSquaredError() => new MeanSquaredErrorLoss();

        /// <summary>The mean of the absolute differences over the last axis, as <c>keras.losses.MeanAbsoluteError</c>.</summary>
        public static LossFunction MeanAbsoluteError() => new MeanAbsoluteErrorLoss();

        /// <summary>
        /// The Huber loss, as <c>keras.losses.Huber</c>: for each difference e, ½e² where |e| ≤ <paramref name="delta"/>
        /// and δ(|e| − ½δ) beyond, averaged over the last axis. Quadratic near the target, linear for outliers.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not a positive finite number.</exception>
        public static LossFunction Huber(double delta = 1.0)
        {
            if (!(delta > 0 && double.IsFinite(delta)))
                throw new ArgumentOutOfRangeException(nameof(delta), delta,
                    $"Huber delta must be a positive finite number, but was {delta.ToString("R", CultureInfo.InvariantCulture)}.");
            return new HuberLoss(delta);
        }

        private sealed class SparseCategoricalCrossentropyLoss : LossFunction
        {
            public SparseCategoricalCrossentropyLoss(bool fromLogits) : base("sparse_categorical_crossentropy", LossTargets.ClassIds, fromLogits) { }

            public override Tensor PerPosition(Tensor outputs, Tensor targets)
            {
                var flat = outputs.flatten(0, -2); // [positions, classes], without reading a size (TorchSharp 0.107 leaves an object to the finalizer per read)
                var ids = targets.reshape(-1);
                var losses = FromLogits
                    ? nn.functional.cross_entropy(flat, ids, reduction: nn.Reduction.None)
                    : nn.functional.nll_loss(ClampToProbability(flat).log(), ids, reduction: nn.Reduction.None);
                // Not view_as/shape: in TorchSharp 0.107 each shape read leaves an object to the finalizer.
                return targets.dim() == 1 ? losses : losses.view(-1, targets.size(1));
            }
        }

        private sealed class BinaryCrossentropyLoss : LossFunction
        {
            public BinaryCrossentropyLoss(bool fromLogits) : base("binary_crossentropy", LossTargets.BinaryLabels, fromLogits) { }

            public override Tensor PerPosition(Tensor outputs, Tensor targets)
            {
                var losses = FromLogits
                    ? nn.functional.binary_cross_entropy_with_logits(outputs, targets, reduction: nn.Reduction.None)
                    : BinaryFromProbabilities(outputs, targets);
                return losses.mean(new long[] { -1 });
            }
        }

        private sealed class MeanSquaredErrorLoss : LossFunction
        {
            public MeanSquaredErrorLoss() : base("mean_squared_error", LossTargets.Values) { }

            public override Tensor PerPosition(Tensor outputs, Tensor targets)
            {
                var error = outputs - targets;
                return (error * error).mean(new long[] { -1 }); // not square(): in TorchSharp 0.107 it leaves a Scalar (pow(2))
            }
        }

        private sealed class MeanAbsoluteErrorLoss : LossFunction
        {
            public MeanAbsoluteErrorLoss() : base("mean_absolute_error", LossTargets.Values) { }

            public override Tensor PerPosition(Tensor outputs, Tensor targets) => (outputs - targets).abs().mean(new long[] { -1 });
        }

        private sealed class HuberLoss : LossFunction
        {
            private readonly double _delta;

            public HuberLoss(double delta) : base("huber", LossTargets.Values) => _delta = delta;

            public override Tensor PerPosition(Tensor outputs, Tensor targets)
            {
                // Explicit Scalars, disposed here: a double in tensor arithmetic becomes a Scalar only the finalizer frees.
                using var half = 0.5.ToScalar();
                using var bound = _delta.ToScalar();
                using var offset = (0.5 * _delta * _delta).ToScalar();
                var error = (outputs - targets).abs();
                var quadratic = error.mul(error).mul(half); // not square(): TorchSharp 0.107 implements it as pow(2), an undisposed Scalar
                var linear = error.mul(bound).sub(offset);
                return where(error.le(bound), quadratic, linear).mean(new long[] { -1 });
            }
        }

        private static Tensor BinaryFromProbabilities(Tensor outputs, Tensor targets)
        {
            // -(t log p + (1 - t) log(1 - p)) = -(log(1 - p) + t (log p - log(1 - p))), written out rather than through
            // binary_cross_entropy, which throws on a NaN output (its input check fails) where a diverged model must give
            // a NaN loss for TerminateOnNaN. The add has an explicit alpha: its default would be a Scalar left to the finalizer.
            var p = ClampToProbability(outputs);
            var logP = p.log();
            var logNotP = p.neg().log1p();
            using var one = 1.ToScalar();
            return logNotP.add(targets.mul(logP.sub(logNotP)), one).neg();
        }

        /// <summary>Clamps to [ε, 1 − ε], as Keras does before a log, with explicit Scalars that are disposed here.</summary>
        private static Tensor ClampToProbability(Tensor values)
        {
            using var low = Epsilon.ToScalar();
            using var high = (1 - Epsilon).ToScalar();
            return values.clamp(low, high);
        }
    }
}
