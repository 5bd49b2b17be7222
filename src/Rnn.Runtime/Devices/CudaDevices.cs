using System;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>The CUDA GPUs TorchSharp finds, and what to say when there are none.</summary>
    internal static class CudaDevices
    {
        /// <summary>Why there is no CUDA device, and what is needed for one, for the end of a message.</summary>
        public const string Missing =
            "TorchSharp finds no CUDA GPU. Training on a GPU needs TorchSharp's CUDA backend: the package libtorch-cuda-12.8 " +
            "(or libtorch-cuda-12.8-linux-x64 / libtorch-cuda-12.8-win-x64), version 2.10.0, referenced instead of libtorch-cpu, " +
            "an NVIDIA GPU, and an NVIDIA driver for CUDA 12.8 (R570 or newer). ComputeDevice.Auto uses the CPU when there is no GPU.";

        /// <summary>
        /// The number of CUDA GPUs TorchSharp finds: 0 without the CUDA backend (TorchSharp then refuses to load it, which
        /// is no error here), without a driver or without a GPU.
        /// </summary>
        public static int Count()
        {
            NativeSetup.EnsureLoaded();
            try
            {
                return cuda.is_available() ? cuda.device_count() : 0;
            }
            catch (NotSupportedException)
            {
                return 0; // TorchSharp's "doesn't contain a reference to libtorch-cuda-…": the CPU package is referenced
            }
        }
    }
}
