using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Data to the model's device, where Fit, Evaluate and Predict need it: batch by batch, or a whole (small) set at
    /// once. On the CPU with data on the CPU, nothing moves and nothing is copied.
    /// </summary>
    internal static class DeviceTransfer
    {
        /// <summary>
        /// A set up to this size (inputs and targets together) is copied to the GPU once per Fit call when it is on the
        /// host (the training and the validation set, which every epoch reads), so that no step waits for a copy; a larger
        /// one is moved batch by batch, as Evaluate's set always is (one pass: a whole copy would only double the memory).
        /// </summary>
        public const long WholeSetBytes = 1L << 30;

        /// <summary>Whether <paramref name="tensor"/> is on <paramref name="device"/>.</summary>
        public static bool IsOn(Tensor tensor, Device device) =>
            tensor.device_type == device.type && (device.type != DeviceType.CUDA || tensor.device_index == Index(device));

        /// <summary>
        /// <paramref name="tensor"/> itself when it is on <paramref name="device"/>; otherwise a copy there, in the current
        /// dispose scope. From the host to a GPU the copy goes through pinned memory without waiting (the caching host
        /// allocator keeps the pinned block until the copy is done), so the step is queued behind it at once.
        /// </summary>
        public static Tensor To(Tensor tensor, Device device)
        {
            if (IsOn(tensor, device)) return tensor;
            if (tensor.device_type != DeviceType.CPU || device.type != DeviceType.CUDA) return tensor.to(device.type, Index(device));
            using var pinned = tensor.pin_memory();
            return pinned.to(device.type, Index(device), non_blocking: true);
        }

        /// <summary>Whether a set of inputs <paramref name="x"/> and <paramref name="targets"/> is small enough to copy to a GPU whole.</summary>
        public static bool FitsWhole(IReadOnlyList<Tensor> x, Tensor targets) =>
            x.Sum(input => input.numel() * input.ElementSize) + targets.numel() * targets.ElementSize <= WholeSetBytes;

        /// <summary>The device's index; CUDA's "current device" (-1) is GPU 0, where Rnn puts a model moved to <c>cuda</c>.</summary>
        private static int Index(Device device) => device.type == DeviceType.CUDA ? System.Math.Max(device.index, 0) : -1;
    }
}
