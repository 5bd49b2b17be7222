using System;
using System.Linq;
using System.Threading.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistSample
{
    /// <summary>
    /// A fresh training set for every epoch: the digits followed by <c>copies</c> randomly distorted copies of each
    /// (<see cref="Augmentation.RandomDistortions(Tensor, Distortion, Generator)"/>), so each epoch shows new variants of
    /// the same digits. The next epoch's set is made on a background thread while the current one trains; with one
    /// intra-op thread for training it runs on the otherwise idle second core. The sets follow from the seed alone, not
    /// from the timing. Two set buffers are allocated once and take turns, so no epoch maps fresh memory.
    /// The first set is made by the first <see cref="Next"/> call.
    /// </summary>
    public sealed class DistortedEpochs : IDisposable
    {
        private readonly Tensor _images;
        private readonly Tensor _labels;
        private readonly Tensor[] _sets;
        private readonly int _copies;
        private readonly Distortion _limits;
        private readonly Generator _generator;
        private int _remaining, _filling;
        private Task? _next;

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
            _sets = new Tensor[2];
            for (int i = 0; i < _sets.Length; i++)
            {
                // zeros, not empty: the memory is touched here, once, rather than page by page while an epoch waits for it.
                _sets[i] = zeros(images.size(0) * (copies + 1), images.size(1), images.size(2));
                using var originals = _sets[i].narrow(0, 0, images.size(0));
                originals.copy_(images);
            }
        }

        /// <summary>The number of samples in each epoch's set: the digits and their copies.</summary>
        public long Count => _labels.size(0);

        /// <summary>
        /// The next epoch's images [(copies + 1)·n, 28, 28] and labels. They stay owned by this object; the images are
        /// valid until the call after next starts refilling their buffer, i.e. read them before calling <see cref="Next"/> again.
        /// </summary>
        /// <exception cref="InvalidOperationException">More sets were asked for than the epochs given.</exception>
        public (Tensor Images, Tensor Labels) Next()
        {
            if (_remaining <= 0) throw new InvalidOperationException($"All {nameof(DistortedEpochs)} sets were used.");
            // The first set is made when asked for (so a caller's timing includes it); each later one was started in
            // the background by the call before.
            if (_next is null) Fill(_sets[_filling]);
            else _next.GetAwaiter().GetResult();
            var current = _sets[_filling];
            _filling = 1 - _filling;
            var following = _sets[_filling];
            _next = --_remaining > 0 ? Task.Run(() => Fill(following)) : null;
            return (current, _labels);
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            _next?.GetAwaiter().GetResult();
            _next = null;
            foreach (var set in _sets) set.Dispose();
            _labels.Dispose();
            _generator.Dispose();
        }

        private void Fill(Tensor set)
        {
            using var scope = NewDisposeScope();
            long n = _images.size(0);
            for (int i = 1; i <= _copies; i++)
                Augmentation.RandomDistortions(_images, _limits, _generator, set.narrow(0, i * n, n));
        }
    }
}
