using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Batches of samples in memory, checked once as a whole: in order, or shuffled before each epoch by one generator
    /// seeded when Fit starts (TorchSharp's global generator without a seed). Made on Fit's thread when the step needs them.
    /// </summary>
    internal sealed class TensorFeed : TrainingFeed
    {
        private readonly TrainingData _data;
        private readonly int _batchSize;
        private readonly bool _shuffle;
        private readonly Generator? _generator;
        private readonly bool _owns;

        /// <summary>
        /// Batches of <paramref name="batchSize"/> samples of <paramref name="data"/>. With <paramref name="owns"/> the
        /// feed disposes <paramref name="data"/> and <paramref name="classWeights"/> with itself; otherwise they stay the
        /// caller's. The generator is always the feed's.
        /// </summary>
        public TensorFeed(TrainingData data, int batchSize, bool shuffle, long? seed, ClassWeights? classWeights, bool owns)
        {
            _data = data;
            _batchSize = batchSize;
            _shuffle = shuffle;
            _generator = GeneratedModelSupport.CreateGenerator(seed);
            _owns = owns;
            ClassWeights = classWeights;
            BatchesPerEpoch = BatchCount(data.Count, batchSize);
        }

        public override int BatchesPerEpoch { get; }

        public override Generator? Shuffle => _generator;

        /// <summary>The batches of <paramref name="samples"/> samples cut <paramref name="batchSize"/> at a time; the last may be smaller.</summary>
        public static int BatchCount(long samples, int batchSize) => (int)((samples + batchSize - 1) / batchSize);

        /// <summary>For <see cref="DataSource.FromTensors"/>: made without shuffling, cut into whole batches.</summary>
        public override void CheckStateful(string name)
        {
            if (_shuffle)
                throw new ArgumentException(
                    $"{name}: a stateful run carries each row's state to the same row of the next batch, so the batches must stay in order; make the DataSource.FromTensors with shuffle: false.", "data");
            FitOptions.CheckStatefulBatches(name, _data.Count, _batchSize, "batchSize", "data (DataSource.FromTensors)", "data");
        }

        public override IEnumerable<TrainingData> Epoch(int epoch)
        {
            // Drawn on the CPU when the epoch starts, and moved once to where the samples are (a GPU), not once per batch
            // and tensor; the order outlives every batch's dispose scope.
            using var drawn = _shuffle ? randperm(_data.Count, generator: _generator) : null;
            var order = drawn is null ? null : DeviceTransfer.To(drawn, _data.Targets.device);
            try
            {
                foreach (var batch in Batches(_data, order, _batchSize)) yield return batch;
            }
            finally
            {
                if (!ReferenceEquals(order, drawn)) order?.Dispose();
            }
        }

        /// <summary>The batches of <paramref name="data"/>, <paramref name="batchSize"/> samples each, in <paramref name="order"/> (null: as stored).</summary>
        public static IEnumerable<TrainingData> Batches(TrainingData data, Tensor? order, int batchSize)
        {
            long count = data.Count;
            for (long start = 0; start < count; start += batchSize)
                yield return data.Rows(order, start, Math.Min(batchSize, count - start));
        }

        public override void Dispose()
        {
            _generator?.Dispose();
            if (!_owns) return;
            ClassWeights?.Dispose();
            _data.Dispose();
        }
    }
}
