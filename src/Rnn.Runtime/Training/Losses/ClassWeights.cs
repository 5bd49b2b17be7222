using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Fit's <c>classWeight</c>, as Keras's <c>class_weight</c>: each sample's (or step's) loss is multiplied by the weight
    /// of its class; classes not in the map weigh 1, as in Keras 3. It applies to training only, not to validation,
    /// and not to the metrics.
    /// </summary>
    internal sealed class ClassWeights : IDisposable
    {
        private Tensor _table;
        private readonly bool _binary;

        private ClassWeights(Tensor table, bool binary)
        {
            _table = table;
            _binary = binary;
        }

        /// <summary>The weights for <paramref name="map"/>, or null when there is none.</summary>
        /// <exception cref="ArgumentException">The loss has no classes, or a class or weight is out of range.</exception>
        public static ClassWeights? Create(IReadOnlyDictionary<int, double>? map, LossFunction loss, long[] sampleOutputShape, string name)
        {
            if (map is null) return null;
            if (!loss.HasClasses)
                throw new ArgumentException(
                    $"{name}: classWeight needs a classification loss (sparse_categorical_crossentropy or binary_crossentropy), but the loss is {loss.Name}.", "classWeight");
            bool binary = loss.Targets == LossTargets.BinaryLabels;
            if (binary && sampleOutputShape[^1] != 1)
                throw new ArgumentException(
                    $"{name}: classWeight with {loss.Name} needs one 0/1 label per sample or step (an output whose last axis is 1), but the model's output has {sampleOutputShape[^1]} labels per position.", "classWeight");
            long classes = binary ? 2 : sampleOutputShape[^1];
            foreach (var (cls, weight) in map.OrderBy(p => p.Key))
            {
                if (cls < 0 || cls >= classes)
                    throw new ArgumentOutOfRangeException("classWeight",
                        $"{name}: classWeight has class {cls}, but the classes are 0..{classes - 1} for {loss.Name} and the model's output.");
                if (!(weight >= 0 && double.IsFinite(weight)))
                    throw new ArgumentOutOfRangeException("classWeight",
                        $"{name}: classWeight of class {cls} must be a finite number of 0 or more, but was {FitOptions.Format(weight)}.");
            }
            var values = new float[classes];
            for (int c = 0; c < classes; c++) values[c] = map.TryGetValue(c, out double w) ? (float)w : 1f;
            return new ClassWeights(tensor(values), binary);
        }

        /// <summary>The weight of every position's class: [batch] or [batch, time], on the targets' device.</summary>
        public Tensor For(Tensor targets)
        {
            if (!DeviceTransfer.IsOn(_table, targets.device)) _table = _table.to(targets.device, disposeAfter: true).DetachFromDisposeScope(); // once, to the model's device
            var ids = _binary ? targets.select(-1, 0).round().to_type(ScalarType.Int64) : targets;
            var weights = _table.index_select(0, ids.reshape(-1));
            return ids.dim() == 1 ? weights : weights.view(-1, ids.size(1)); // not view_as: a shape read leaves an object to the finalizer
        }

        public void Dispose() => _table.Dispose();
    }
}
