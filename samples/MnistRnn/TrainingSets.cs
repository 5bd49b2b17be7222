using System;
using static TorchSharp.torch;

namespace MnistSample
{
    /// <summary>
    /// What each epoch trains on, per <c>--augment</c>: new distorted copies every epoch (<see cref="DistortedEpochs"/>),
    /// the same shifted copies every epoch (<see cref="Augmentation.WithShiftedCopies"/>), or the digits alone.
    /// </summary>
    public sealed class TrainingSets : IDisposable
    {
        private readonly DistortedEpochs? _distorted;
        private readonly (Tensor Images, Tensor Labels) _fixed;
        private readonly bool _ownsFixed;

        private TrainingSets(DistortedEpochs? distorted, (Tensor, Tensor) fixedSet, bool ownsFixed, string description)
        {
            _distorted = distorted;
            _fixed = fixedSet;
            _ownsFixed = ownsFixed;
            Description = description;
        }

        /// <summary>Samples per epoch.</summary>
        public long Count => _distorted?.Count ?? _fixed.Labels.size(0);

        /// <summary>What an epoch's set is made of, for the report.</summary>
        public string Description { get; }

        /// <summary>The sets for <paramref name="options"/> (defaults filled in) over the training digits; the digits stay the caller's.</summary>
        public static TrainingSets Create(MnistOptions options, Tensor images, Tensor labels)
        {
            switch (options.Augment)
            {
                case "distort":
                    var distorted = new DistortedEpochs(images, labels, options.Copies, Distortion.Default, options.Seed, options.Epochs!.Value);
                    return new TrainingSets(distorted, default, false,
                        $"the originals and {options.Copies} new randomly distorted copies of each every epoch");
                case "shift":
                    int pixels = options.Shift!.Value;
                    var shifted = Augmentation.WithShiftedCopies(images, labels, pixels);
                    return new TrainingSets(null, shifted, true,
                        $"the originals and copies shifted {pixels} pixel{(pixels == 1 ? "" : "s")} up, down, left and right");
                default:
                    return new TrainingSets(null, (images, labels), false, "the originals");
            }
        }

        /// <summary>The next epoch's images and labels, owned by this object.</summary>
        public (Tensor Images, Tensor Labels) ForEpoch() => _distorted?.Next() ?? _fixed;

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
