using System;
using TorchSharp;

namespace Rnn
{
    /// <summary>Moves models between devices: <see cref="To{T}(T, ComputeDevice)"/>.</summary>
    public static class ComputeDeviceExtensions
    {
        /// <summary>
        /// Moves <paramref name="model"/>'s weights to <paramref name="device"/>, with the optimizer's state when it was
        /// compiled and trained, and returns the model, so that it chains:
        /// <c>using var model = new MnistRnn(seed: 1).To(ComputeDevice.Auto);</c>. Fit, Evaluate and Predict then run
        /// there, whatever device their data is on. <see cref="ComputeDevice.Auto"/> picks CUDA when TorchSharp finds a
        /// GPU, else the CPU. A model already there is left as it is.
        /// </summary>
        /// <typeparam name="T">The model's type, kept for the result.</typeparam>
        /// <param name="model">The model to move.</param>
        /// <param name="device">Where to move it.</param>
        /// <returns><paramref name="model"/>.</returns>
        /// <exception cref="InvalidOperationException">A CUDA device was asked for, but TorchSharp finds none (the message
        /// names the package and driver needed), or not that many.</exception>
        public static T To<T>(this T model, ComputeDevice device) where T : RnnModel
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(device);
            var target = device.Resolve(model.GetType().Name + ".To");
            if (ComputeDevice.Of(target) != model.ComputeDevice) model.to(target);
            return model;
        }
    }
}
