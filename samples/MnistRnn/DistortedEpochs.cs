using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistSample
{
    /// <summary>
    /// A fresh training set for every epoch: the digits followed by <c>copies</c> randomly distorted copies of each
    /// (<see cref="Augmentation.RandomDistortions(Tensor, Distortion, Generator)"/>), so each epoch shows new variants of
    /// the same digits. The distortions come from one generator seeded with the seed, epoch after epoch; asked for an
    /// epoch out of turn (a resumed run starts later, say), it draws again from the seed and drops the earlier epochs'
    /// draws, so an epoch's set is the same whenever it is made. One set buffer is allocated once and refilled for each
    /// epoch, so no epoch maps fresh memory. Everything is on the digits' device: on a GPU, the copies are made there.
    /// </summary>
    public sealed class DistortedEpochs : IDisposable
    {
        private readonly Tensor _images;
        private readonly Tensor _labels;
        private readonly Tensor _set;
        private readonly int _copies;
        private readonly Distortion _limits;
        private readonly long _seed;
        private Generator _generator;
        private int _drawnEpochs; // the epochs whose distortions _generator has drawn

        /// <param name="images">The digits [n, 28, 28]; read, not owned.</param>
        /// <param name="labels">Their labels [n]; read, not owned.</param>
        /// <param name="copies">Distorted copies of each digit per epoch, at least 1.</param>
        /// <param name="limits">The largest distortion of each kind.</param>
        /// <param name="seed">Seed of the distortions.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="copies"/> is not positive.</exception>
        public DistortedEpochs(Tensor images, Tensor labels, int copies, Distortion limits, long seed)
        {
            if (copies < 1) throw new ArgumentOutOfRangeException(nameof(copies), copies, "At least one distorted copy per epoch is needed.");
            _images = images;
            _copies = copies;
            _limits = limits;
            _seed = seed;
            _generator = new Generator(unchecked((ulong)seed));
            _labels = cat(Enumerable.Repeat(labels, copies + 1).ToArray(), 0);
            // zeros, not empty: the memory is touched here, once, rather than page by page while an epoch waits for it.
            _set = zeros(new[] { images.size(0) * (copies + 1), images.size(1), images.size(2) }, device: images.device);
            using var originals = _set.narrow(0, 0, images.size(0));
            originals.copy_(images);
        }

        /// <summary>The number of samples in each epoch's set: the digits and their copies.</summary>
        public long Count => _labels.size(0);

        /// <summary>
        /// Epoch <paramref name="epoch"/>'s images [(copies + 1)·n, 28, 28] and labels. They stay owned by this object; the
        /// images are valid until the next call refills the buffer, so take what you need of them before asking for another epoch.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
        public (Tensor Images, Tensor Labels) For(int epoch)
        {
            if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "Epochs count from 0.");
            if (epoch < _drawnEpochs)
            {
                _generator.Dispose();
                _generator = new Generator(unchecked((ulong)_seed));
                _drawnEpochs = 0;
            }
            for (; _drawnEpochs < epoch; _drawnEpochs++)
                for (int i = 1; i <= _copies; i++) Augmentation.SkipDistortions(_images, _limits, _generator);
            using var scope = NewDisposeScope(); // the views of the buffer
            long n = _images.size(0);
            for (int i = 1; i <= _copies; i++)
                Augmentation.RandomDistortions(_images, _limits, _generator, _set.narrow(0, i * n, n));
            _drawnEpochs++;
            return (_set, _labels);
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            _set.Dispose();
            _labels.Dispose();
            _generator.Dispose();
        }
    }
}
