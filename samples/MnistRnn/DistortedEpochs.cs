using System;
using System.Linq;
using System.Threading.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistSample
{
    /// <summary>
    /// A fresh training set for every epoch: the digits followed by <c>copies</c> randomly distorted copies of each
    /// (<see cref="Augmentation.RandomDistortions"/>), so each epoch shows new variants of the same digits. The next
    /// epoch's set is made on a background thread while the current one trains; with one intra-op thread for training
    /// it runs on the otherwise idle second core. The sets follow from the seed alone, not from the timing.
    /// </summary>
    public sealed class DistortedEpochs : IDisposable
    {
        private readonly Tensor _images;
        private readonly Tensor _labels;
        private readonly int _copies;
        private readonly Distortion _limits;
        private readonly Generator _generator;
        private int _remaining;
        private Task<Tensor>? _next;
        private Tensor? _current;

        /// <param name="images">The digits [n, 28, 28]; read, not owned.</param>
        /// <param name="labels">Their labels [n]; read, not owned.</param>
        /// <param name="copies">Distorted copies of each digit per epoch, at least 1.</param>
        /// <param name="limits">The largest distortion of each kind.</param>
        /// <param name="seed">Seed of the distortions.</param>
        /// <param name="epochs">How many epochs' sets <see cref="Next"/> will be asked for.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="copies"/> or <paramref name="epochs"/> is not positive.</exception>
        public DistortedEpochs(Tensor images, Tensor labels, int copies, Distortion limits, long seed, int epochs)
        {
            if (copies < 1) throw new ArgumentOutOfRangeException(nameof(copies), copies, "At least one distorted copy per epoch is needed.");
            if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "At least one epoch is needed.");
            _images = images;
            _copies = copies;
            _limits = limits;
            _remaining = epochs;
            _generator = new Generator(unchecked((ulong)seed));
            _labels = cat(Enumerable.Repeat(labels, copies + 1).ToArray(), 0);
            _next = Task.Run(Make);
        }

        /// <summary>The number of samples in each epoch's set: the digits and their copies.</summary>
        public long Count => _labels.size(0);

        /// <summary>
        /// The next epoch's images [(copies + 1)·n, 28, 28] and labels. They stay owned by this object and are disposed
        /// by the following call or by <see cref="Dispose"/>.
        /// </summary>
        /// <exception cref="InvalidOperationException">More sets were asked for than the epochs given.</exception>
        public (Tensor Images, Tensor Labels) Next()
        {
            if (_next is null) throw new InvalidOperationException($"All {nameof(DistortedEpochs)} sets were used.");
            _current?.Dispose();
            _current = _next.GetAwaiter().GetResult();
            _next = --_remaining > 0 ? Task.Run(Make) : null;
            return (_current, _labels);
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            _next?.GetAwaiter().GetResult().Dispose();
            _next = null;
            _current?.Dispose();
            _labels.Dispose();
            _generator.Dispose();
        }

        private Tensor Make()
        {
            // Filled in place: cat would leave an object to the finalizer for every set.
            using var scope = NewDisposeScope();
            long n = _images.size(0);
            var set = empty(n * (_copies + 1), _images.size(1), _images.size(2));
            set.narrow(0, 0, n).copy_(_images);
            for (int i = 1; i <= _copies; i++)
                set.narrow(0, i * n, n).copy_(Augmentation.RandomDistortions(_images, _limits, _generator));
            return set.MoveToOuterDisposeScope();
        }
    }
}
