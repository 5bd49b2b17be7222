using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// <see cref="DataSource.FromTensors"/>: samples in memory, cut into batches on Fit's thread. In Fit it is checked as
    /// a whole once and trained exactly as Fit with the tensors trains (<see cref="TensorFeed"/>).
    /// </summary>
    internal sealed class TensorDataSource : DataSource
    {
        private const string Name = "DataSource.FromTensors";
        private readonly Tensor _x, _y;
        private readonly int _batchSize;
        private readonly bool _shuffle;
        private readonly long? _seed;

        public TensorDataSource(Tensor x, Tensor y, int batchSize, bool shuffle, long? seed) : base(prefetch: 0)
        {
            if (x is null) throw new ArgumentNullException(nameof(x), $"{Name}: x must be a tensor [samples, ...].");
            if (y is null) throw new ArgumentNullException(nameof(y), $"{Name}: y must be a tensor of targets [samples, ...].");
            if (x.Dimensions == 0 || y.Dimensions == 0 || x.size(0) != y.size(0))
                throw new ArgumentException(
                    $"{Name}: x and y must hold the same number of samples along their first axis, but their shapes are {Shape.Format(Shape.Of(x))} and {Shape.Format(Shape.Of(y))}.", nameof(y));
            FitOptions.CheckBatchSize(Name, batchSize);
            (_x, _y, _batchSize, _shuffle, _seed) = (x, y, batchSize, shuffle, seed);
        }

        public override int BatchesPerEpoch => TensorFeed.BatchCount(_x.size(0), _batchSize);

        /// <summary>
        /// The batches of epoch <paramref name="epoch"/> in a Fit that started at epoch 0: with a seed, the order is the
        /// generator's permutation for that epoch (the earlier epochs' are drawn and dropped); without, a new draw from
        /// TorchSharp's global generator.
        /// </summary>
        public override IEnumerable<(Tensor X, Tensor Y)> Batches(int epoch)
        {
            if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, $"{Name}: epoch must be 0 or more, but was {epoch}.");
            return Cut(epoch);
        }

        internal override TrainingFeed OpenFeed(RnnModel model, TrainingSetup setup, string name, IReadOnlyDictionary<int, double>? classWeight,
            TrainingData? known)
        {
            var data = TrainingData.Prepare(model, setup.Loss, name, _x, _y, "x", "y", known?.KnownOutputShape.For(new[] { _x }));
            try
            {
                FiniteInputs.Require(name, _x, "x");
                var weights = ClassWeights.Create(classWeight, setup.Loss, data.SampleOutputShape, name);
                // On a GPU the samples go there once, as Fit with tensors places them, not batch by batch.
                return new TensorFeed(data.PlacedOwningThis(model.WeightsDevice()), _batchSize, _shuffle, _seed, weights, owns: true);
            }
            catch
            {
                data.Dispose();
                throw;
            }
        }

        private IEnumerable<(Tensor X, Tensor Y)> Cut(int epoch)
        {
            long count = _x.size(0);
            using var generator = GeneratedModelSupport.CreateGenerator(_seed);
            if (_shuffle && generator is not null)
                for (int e = 0; e < epoch; e++) randperm(count, generator: generator).Dispose();
            using var order = _shuffle ? randperm(count, generator: generator) : null;
            for (long start = 0; start < count; start += _batchSize)
                yield return TrainingData.RowsOf(_x, _y, order, start, Math.Min(_batchSize, count - start));
        }
    }
}
