using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// A built-in metric: the weighted mean of one value per sample (or per step of a sequence output), accumulated
    /// over batches as Keras's <c>MeanMetricWrapper</c>: total += Σ value × weight, count += Σ weight. The sums stay on
    /// the outputs' device (<see cref="DeviceSum"/>), so a batch waits for nothing; <see cref="Result"/> reads them.
    /// </summary>
    internal abstract class MeanMetric : IMetric
    {
        private DeviceSum _total = new(), _count = new();

        protected MeanMetric(string name) => Name = name;

        public string Name { get; }

        /// <summary>Which losses' targets the metric can compare with the outputs.</summary>
        public abstract bool Accepts(LossTargets targets);

        /// <summary>What the metric needs, for the error when <see cref="Accepts"/> is false.</summary>
        public abstract string Needs { get; }

        /// <summary>The metric to use with <paramref name="loss"/>: this one, or one chosen from the loss.</summary>
        /// <exception cref="ArgumentException">The metric cannot be used with the loss.</exception>
        public virtual IMetric Bind(LossFunction loss, string modelName)
        {
            if (!Accepts(loss.Targets))
                throw new ArgumentException(
                    $"{modelName}.Compile: the metric \"{Name}\" needs {Needs}, which the loss {loss.Name} does not take.", "metrics");
            return this;
        }

        /// <summary>One value per position: [batch] or [batch, time]; extra trailing axes are averaged.</summary>
        protected abstract Tensor Values(Tensor targets, Tensor outputs);

        public void Update(Tensor targets, Tensor outputs, Tensor? weights)
        {
            using var scope = NewDisposeScope();
            var values = Values(targets, outputs).to_type(ScalarType.Float64);
            if (weights is null)
            {
                // Every sample has as many values, so the mean of all values is Keras's mean of per-sample means.
                _total.Add(values.sum());
                _count.Add((double)values.numel());
            }
            else
            {
                values = ReduceTo(values, weights.Dimensions);
                var w = weights.to_type(ScalarType.Float64);
                _total.Add((values * w).sum());
                _count.Add(w.sum());
            }
        }

        /// <summary>The mean so far; 0 before any weight, as Keras's <c>divide_no_nan</c>.</summary>
        public virtual double Result()
        {
            double count = _count.Read(), total = _total.Read(); // both read: neither keeps a tensor after
            return count == 0 ? 0 : total / count;
        }

        public void Reset()
        {
            _total.Reset();
            _count.Reset();
        }

        /// <summary>Frees the sums' device tensors left unread (<see cref="DeviceSum.Discard"/>); nothing after <see cref="Result"/>.</summary>
        public void DiscardUnread()
        {
            _total.Discard();
            _count.Discard();
        }

        /// <summary>A new metric of the same kind and name with nothing accumulated, for an evaluation of its own.</summary>
        public MeanMetric Fresh()
        {
            var copy = (MeanMetric)MemberwiseClone();
            (copy._total, copy._count) = (new DeviceSum(), new DeviceSum()); // its own sums: the clone shares this one's
            return copy;
        }

        private static Tensor ReduceTo(Tensor values, long rank)
        {
            if (values.Dimensions <= rank) return values;
            var axes = new long[values.Dimensions - rank];
            for (int i = 0; i < axes.Length; i++) axes[i] = rank + i;
            return values.mean(axes);
        }
    }

    /// <summary>Keras's <c>"accuracy"</c> before Compile knows the loss; bound to sparse categorical or binary accuracy.</summary>
    internal sealed class AccuracyMetric : MeanMetric
    {
        public AccuracyMetric(string name) : base(name) { }

        public override bool Accepts(LossTargets targets) => targets is LossTargets.ClassIds or LossTargets.BinaryLabels;

        public override string Needs => "a classification loss (sparse_categorical_crossentropy or binary_crossentropy)";

        public override IMetric Bind(LossFunction loss, string modelName)
        {
            base.Bind(loss, modelName);
            return loss.Targets switch
            {
                LossTargets.ClassIds => new SparseCategoricalAccuracyMetric(Name),
                LossTargets.BinaryLabels => new BinaryAccuracyMetric(Name, threshold: loss.FromLogits ? 0 : 0.5),
                _ => throw loss.UnknownTargets(),
            };
        }

        protected override Tensor Values(Tensor targets, Tensor outputs) =>
            throw new InvalidOperationException("Compile binds \"accuracy\" to the loss before use.");
    }

    /// <summary>Keras's <c>SparseCategoricalAccuracy</c>: the highest score is the class id.</summary>
    internal sealed class SparseCategoricalAccuracyMetric : MeanMetric
    {
        public SparseCategoricalAccuracyMetric(string name) : base(name) { }

        public override bool Accepts(LossTargets targets) => targets == LossTargets.ClassIds;

        public override string Needs => "class ids (sparse_categorical_crossentropy)";

        protected override Tensor Values(Tensor targets, Tensor outputs) => outputs.argmax(-1).eq(targets);
    }

    /// <summary>Keras's <c>BinaryAccuracy</c>: the output is above the threshold exactly when the label is 1.</summary>
    internal sealed class BinaryAccuracyMetric : MeanMetric
    {
        private readonly double _threshold;

        public BinaryAccuracyMetric(string name, double threshold) : base(name) => _threshold = threshold;

        public override bool Accepts(LossTargets targets) => targets == LossTargets.BinaryLabels;

        public override string Needs => "0/1 labels (binary_crossentropy)";

        protected override Tensor Values(Tensor targets, Tensor outputs)
        {
            using var threshold = _threshold.ToScalar(); // explicit, so nothing is left for the finalizer every step
            return outputs.gt(threshold).to_type(targets.dtype).eq(targets);
        }
    }

    /// <summary>Keras's <c>SparseTopKCategoricalAccuracy</c>: the class id is among the k highest scores.</summary>
    internal sealed class TopKAccuracyMetric : MeanMetric
    {
        private readonly int _k;

        public TopKAccuracyMetric(string name, int k) : base(name) => _k = k;

        public override bool Accepts(LossTargets targets) => targets == LossTargets.ClassIds;

        public override string Needs => "class ids (sparse_categorical_crossentropy)";

        protected override Tensor Values(Tensor targets, Tensor outputs)
        {
            var (_, indices) = outputs.topk((int)Math.Min(_k, outputs.size(-1)), dim: -1);
            return indices.eq(targets.unsqueeze(-1)).any(-1);
        }
    }

    /// <summary>Keras's <c>MeanAbsoluteError</c> metric.</summary>
    internal sealed class MeanAbsoluteErrorMetric : MeanMetric
    {
        public MeanAbsoluteErrorMetric(string name) : base(name) { }

        public override bool Accepts(LossTargets targets) => targets is LossTargets.BinaryLabels or LossTargets.Values;

        public override string Needs => "targets shaped like the outputs (a regression or binary loss)";

        protected override Tensor Values(Tensor targets, Tensor outputs) => (outputs - targets).abs();
    }

    /// <summary>Keras's <c>MeanSquaredError</c> metric.</summary>
    internal class MeanSquaredErrorMetric : MeanMetric
    {
        public MeanSquaredErrorMetric(string name) : base(name) { }

        public override bool Accepts(LossTargets targets) => targets is LossTargets.BinaryLabels or LossTargets.Values;

        public override string Needs => "targets shaped like the outputs (a regression or binary loss)";

        protected override Tensor Values(Tensor targets, Tensor outputs)
        {
            var error = outputs - targets;
            return error * error; // not square(): TorchSharp 0.107 implements it as pow(2), an undisposed Scalar per call
        }
    }

    /// <summary>Keras's <c>RootMeanSquaredError</c>: the root of the mean squared error over everything seen.</summary>
    internal sealed class RootMeanSquaredErrorMetric : MeanSquaredErrorMetric
    {
        public RootMeanSquaredErrorMetric(string name) : base(name) { }

        public override double Result() => Math.Sqrt(base.Result());
    }
}
