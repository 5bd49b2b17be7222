using System;
using Rnn.Data;
using static TorchSharp.torch;

namespace MnistSample
{
    /// <summary>
    /// The sample's digits on the model's device, once: the training digits split into the ones it fits on and the last
    /// <see cref="MnistOptions.Validation"/> share it validates on, and the test digits. On a GPU the distortions, the
    /// batches and the evaluations are then made there, and the host never feeds the steps; on the CPU these are views.
    /// </summary>
    public sealed class PlacedDigits : IDisposable
    {
        private readonly Tensor _trainImages, _trainLabels;

        /// <summary>Places <paramref name="data"/> on <paramref name="device"/> and holds out the validation share of <paramref name="options"/>.</summary>
        public PlacedDigits(MnistData data, MnistOptions options, Device device)
        {
            _trainImages = data.TrainImages.to(device);
            _trainLabels = data.TrainLabels.to(device);
            TestImages = data.TestImages.to(device);
            TestLabels = data.TestLabels.to(device);
            ValidationCount = Math.Max(1, (long)(_trainLabels.size(0) * options.Validation!.Value));
            long fitCount = _trainLabels.size(0) - ValidationCount;
            FitImages = _trainImages.narrow(0, 0, fitCount);
            FitLabels = _trainLabels.narrow(0, 0, fitCount);
            Validation = (_trainImages.narrow(0, fitCount, ValidationCount), _trainLabels.narrow(0, fitCount, ValidationCount));
        }

        /// <summary>The training digits the model fits on, [n, 28, 28].</summary>
        public Tensor FitImages { get; }

        /// <summary>Their labels, [n].</summary>
        public Tensor FitLabels { get; }

        /// <summary>The held-out training digits and their labels, for Fit's validation.</summary>
        public (Tensor Images, Tensor Labels) Validation { get; }

        /// <summary>How many training digits are held out.</summary>
        public long ValidationCount { get; }

        /// <summary>The test digits, [10,000, 28, 28] for MNIST.</summary>
        public Tensor TestImages { get; }

        /// <summary>Their labels.</summary>
        public Tensor TestLabels { get; }

        /// <inheritdoc/>
        public void Dispose()
        {
            foreach (var tensor in new[] { FitImages, FitLabels, Validation.Images, Validation.Labels, TestImages, TestLabels, _trainImages, _trainLabels })
                tensor.Dispose();
        }
    }
}
