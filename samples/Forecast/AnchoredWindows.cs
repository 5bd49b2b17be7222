using System;
using static TorchSharp.torch;

namespace ForecastSample
{
    /// <summary>
    /// Expresses each window relative to its last value, so the model learns the shape of the series (season, local
    /// slope) rather than its level, and still works when the test period lies above every training value (CO₂ only
    /// rises). Inputs and targets get their own scale, fitted on the training windows only.
    /// </summary>
    public sealed class AnchoredWindows
    {
        private AnchoredWindows(double inputScale, double targetScale)
        {
            InputScale = inputScale;
            TargetScale = targetScale;
        }

        /// <summary>The standard deviation of the anchored training inputs.</summary>
        public double InputScale { get; }

        /// <summary>The standard deviation of the anchored training targets (one-step changes).</summary>
        public double TargetScale { get; }

        /// <summary>Fits both scales on training windows <paramref name="x"/> [n, window, 1] and next values <paramref name="y"/> [n, 1].</summary>
        public static AnchoredWindows Fit(Tensor x, Tensor y)
        {
            using var scope = NewDisposeScope();
            using var last = x[.., -1, ..];
            double inputScale = (x - last.unsqueeze(1)).std().item<float>();
            double targetScale = (y - last).std().item<float>();
            if (!(inputScale > 0) || !(targetScale > 0))
                throw new ArgumentException("The training windows are constant: there is nothing to learn.");
            return new AnchoredWindows(inputScale, targetScale);
        }

        /// <summary>The model's input for windows <paramref name="x"/> [n, window, 1].</summary>
        public Tensor Inputs(Tensor x) => (x - x[.., ^1.., ..]).div_(InputScale);

        /// <summary>The model's target for the next values <paramref name="y"/> [n, 1] after windows <paramref name="x"/>.</summary>
        public Tensor Targets(Tensor x, Tensor y) => (y - x[.., -1, ..]).div_(TargetScale);

        /// <summary>The next values [n, 1] from the model's output <paramref name="output"/> [n, 1] for windows <paramref name="x"/>.</summary>
        public Tensor NextValues(Tensor x, Tensor output) => output.mul(TargetScale).add_(x[.., -1, ..]);
    }
}
