using System;
using System.Collections.Generic;
using Rnn;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistSample
{
    /// <summary>
    /// What each epoch trains on, per <c>--augment</c>, as the <see cref="DataSource"/> Fit takes: new distorted copies
    /// every epoch (<see cref="DistortedEpochs"/>), the same shifted copies every epoch
    /// (<see cref="Augmentation.WithShiftedCopies"/>), or the digits alone; shuffled into batches before each epoch. Fit
    /// makes the batches on a background thread, so the next epoch's copies are made while the current epoch's last
    /// steps and its validation run. An epoch's set and order follow from the seed and the epoch alone.
    /// </summary>
    public sealed class TrainingSets : DataSource, IDisposable
    {
        /// <summary>
        /// Batches made ahead of the step. Making an epoch's distorted copies takes as long as a few dozen steps; the
        /// batches made before it keep the step busy meanwhile.
        /// </summary>
        public const int BatchesAhead = 32;

        private readonly DistortedEpochs? _distorted;
        private readonly (Tensor Images, Tensor Labels) _fixed;
        private readonly bool _ownsFixed;
        private readonly int _batchSize;
        private readonly long _seed;

        private TrainingSets(DistortedEpochs? distorted, (Tensor, Tensor) fixedSet, bool ownsFixed, string description, int batchSize, long seed)
            : base(BatchesAhead)
        {
            _distorted = distorted;
            _fixed = fixedSet;
            _ownsFixed = ownsFixed;
            _batchSize = batchSize;
            _seed = seed;
            Description = description;
        }

        /// <summary>Samples per epoch.</summary>
        public long Count => _distorted?.Count ?? _fixed.Labels.size(0);

        /// <summary>What an epoch's set is made of, for the report.</summary>
        public string Description { get; }

        /// <inheritdoc/>
        public override int BatchesPerEpoch => (int)((Count + _batchSize - 1) / _batchSize);

        /// <summary>The sets for <paramref name="options"/> (defaults filled in) over the training digits; the digits stay the caller's.</summary>
        public static TrainingSets Create(MnistOptions options, Tensor images, Tensor labels)
        {
            int batchSize = options.BatchSize!.Value;
            switch (options.Augment)
            {
                case "distort":
                    var distorted = new DistortedEpochs(images, labels, options.Copies, Distortion.Default, options.Seed);
                    return new TrainingSets(distorted, default, false,
                        $"the originals and {options.Copies} new randomly distorted copies of each every epoch", batchSize, options.Seed);
                case "shift":
                    int pixels = options.Shift!.Value;
                    var shifted = Augmentation.WithShiftedCopies(images, labels, pixels);
                    return new TrainingSets(null, shifted, true,
                        $"the originals and copies shifted {pixels} pixel{(pixels == 1 ? "" : "s")} up, down, left and right", batchSize, options.Seed);
                default:
                    return new TrainingSets(null, (images, labels), false, "the originals", batchSize, options.Seed);
            }
        }

        /// <summary>
        /// Epoch <paramref name="epoch"/>'s set (new distorted copies are made first), shuffled by a generator seeded with
        /// the seed + <paramref name="epoch"/>, in batches.
        /// </summary>
        public override IEnumerable<(Tensor X, Tensor Y)> Batches(int epoch)
        {
            var (images, labels) = _distorted?.For(epoch) ?? _fixed;
            using var generator = new Generator(unchecked((ulong)(_seed + epoch)));
            // Drawn on the CPU (the same order on every device), then moved once to the images' device.
            using var order = randperm(Count, generator: generator).to(images.device, disposeAfter: true);
            for (long start = 0; start < Count; start += _batchSize)
            {
                using var indices = order.narrow(0, start, Math.Min(_batchSize, Count - start));
                yield return (images.index_select(0, indices), labels.index_select(0, indices));
            }
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            _distorted?.Dispose();
            if (!_ownsFixed) return;
            _fixed.Images.Dispose();
            _fixed.Labels.Dispose();
        }
    }
}
