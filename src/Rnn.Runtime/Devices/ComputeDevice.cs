using System;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Where a model's weights live and where it trains and runs: <see cref="Cpu"/>, <see cref="Cuda"/> (an NVIDIA GPU,
    /// through TorchSharp's CUDA backend; <c>ComputeDevice.Cuda[1]</c> for another GPU than the first) or <see cref="Auto"/>
    /// (CUDA when TorchSharp finds a GPU, else the CPU). Move a model with
    /// <see cref="ComputeDeviceExtensions.To{T}(T, ComputeDevice)"/>, e.g.
    /// <c>using var model = new MnistRnn(seed: 1).To(ComputeDevice.Auto);</c>, and read where it is with
    /// <see cref="RnnModel.ComputeDevice"/>.
    /// </summary>
    /// <remarks>
    /// Named <c>ComputeDevice</c>, not <c>Device</c>, so that it never clashes with TorchSharp's <c>torch.Device</c> in
    /// a file with <c>using static TorchSharp.torch;</c>. <see cref="ToTorchDevice"/> gives TorchSharp's device, e.g.
    /// to put data there yourself: <c>x.to(model.ComputeDevice.ToTorchDevice())</c>.
    /// </remarks>
    public sealed class ComputeDevice : IEquatable<ComputeDevice>
    {
        private const string CpuName = "cpu", CudaName = "cuda", AutoName = "auto";
        private readonly string _kind;

        private ComputeDevice(string kind, int index)
        {
            _kind = kind;
            Index = index;
        }

        /// <summary>The CPU: TorchSharp's <c>torch.CPU</c>. Every model is created there.</summary>
        public static ComputeDevice Cpu { get; } = new(CpuName, -1);

        /// <summary>
        /// The first CUDA GPU (<c>cuda:0</c>). Needs TorchSharp's CUDA backend (the <c>libtorch-cuda-12.8</c> package
        /// instead of <c>libtorch-cpu</c>) and an NVIDIA driver; moving a model there without them throws an
        /// <see cref="InvalidOperationException"/> that says so.
        /// </summary>
        public static ComputeDevice Cuda { get; } = new(CudaName, 0);

        /// <summary><see cref="Cuda"/> when TorchSharp finds a CUDA GPU (<c>torch.cuda.is_available()</c>), else <see cref="Cpu"/>; chosen when a model is moved.</summary>
        public static ComputeDevice Auto { get; } = new(AutoName, -1);

        /// <summary>
        /// The CUDA GPU numbered <paramref name="index"/> of a CUDA device: <c>ComputeDevice.Cuda[1]</c> is <c>cuda:1</c>, as
        /// <see cref="Cuda"/> alone is GPU 0 (PyTorch's <c>torch.device("cuda", 1)</c>).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
        /// <exception cref="InvalidOperationException">This is not a CUDA device (<see cref="Cpu"/>, <see cref="Auto"/>).</exception>
        public ComputeDevice this[int index]
        {
            get
            {
                if (!IsCuda)
                    throw new InvalidOperationException($"ComputeDevice.{Name(_kind)}[{index}]: only a CUDA device takes a GPU index, as ComputeDevice.Cuda[{index}].");
                if (index < 0)
                    throw new ArgumentOutOfRangeException(nameof(index), index, $"ComputeDevice.Cuda[{index}]: a GPU index is 0 or more.");
                return index == Index ? this : index == 0 ? Cuda : new ComputeDevice(CudaName, index);
            }
        }

        private static string Name(string kind) => kind == CpuName ? "Cpu" : kind == AutoName ? "Auto" : "Cuda";

        /// <summary>
        /// The device named <paramref name="name"/> as TorchSharp and PyTorch write it: <c>cpu</c>, <c>cuda</c>,
        /// <c>cuda:N</c> or <c>auto</c> (case-insensitive), e.g. from a command-line option.
        /// </summary>
        /// <exception cref="ArgumentException">The name is none of these.</exception>
        public static ComputeDevice Parse(string name)
        {
            string text = (name ?? "").Trim().ToLowerInvariant();
            if (text == CpuName) return Cpu;
            if (text == CudaName) return Cuda;
            if (text == AutoName) return Auto;
            if (text.StartsWith(CudaName + ":", StringComparison.Ordinal) &&
                int.TryParse(text.AsSpan(CudaName.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                return Cuda[index];
            throw new ArgumentException($"ComputeDevice.Parse: a device is cpu, cuda, cuda:N or auto, but was '{name}'.", nameof(name));
        }

        /// <summary>The GPU's index for a CUDA device; -1 for <see cref="Cpu"/> and <see cref="Auto"/>.</summary>
        public int Index { get; }

        /// <summary>True for a CUDA device (<see cref="Cuda"/>, <c>Cuda[n]</c>).</summary>
        public bool IsCuda => _kind == CudaName;

        /// <summary>True for <see cref="Auto"/>, which stands for the CPU or the first GPU until a model is moved.</summary>
        public bool IsAuto => _kind == AutoName;

        /// <summary>
        /// TorchSharp's device for this one: <c>torch.CPU</c>, or CUDA with <see cref="Index"/>; <see cref="Auto"/> is
        /// chosen now.
        /// </summary>
        /// <exception cref="InvalidOperationException">A CUDA device was asked for, but TorchSharp finds none (the message
        /// names the package and driver needed), or not that many.</exception>
        public torch.Device ToTorchDevice() => Resolve("ComputeDevice.ToTorchDevice");

        /// <summary><c>cpu</c>, <c>cuda:N</c> or <c>auto</c>, as TorchSharp and PyTorch print devices.</summary>
        public override string ToString() =>
            IsCuda ? CudaName + ":" + Index.ToString(CultureInfo.InvariantCulture) : _kind;

        /// <inheritdoc/>
        public bool Equals(ComputeDevice? other) => other is not null && other._kind == _kind && other.Index == Index;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as ComputeDevice);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(_kind, Index);

        /// <summary>Whether two devices are the same.</summary>
        public static bool operator ==(ComputeDevice? left, ComputeDevice? right) => left is null ? right is null : left.Equals(right);

        /// <summary>Whether two devices differ.</summary>
        public static bool operator !=(ComputeDevice? left, ComputeDevice? right) => !(left == right);

        /// <summary>The device a tensor (or a model's weights) is on.</summary>
        internal static ComputeDevice Of(torch.Device device) =>
            device.type == DeviceType.CUDA ? Cuda[Math.Max(device.index, 0)] : Cpu;

        /// <summary>
        /// TorchSharp's device for this one, checked: CUDA must be there (with a GPU numbered <see cref="Index"/>);
        /// <see cref="Auto"/> is chosen now. <paramref name="caller"/> starts the messages.
        /// </summary>
        internal torch.Device Resolve(string caller)
        {
            if (IsAuto) return CudaDevices.Count() > 0 ? new torch.Device(DeviceType.CUDA, 0) : CPU;
            if (!IsCuda) return CPU;
            int count = CudaDevices.Count();
            if (count == 0) throw new InvalidOperationException($"{caller}: {this} was asked for, but {CudaDevices.Missing}");
            if (Index >= count)
                throw new InvalidOperationException(
                    $"{caller}: {this} was asked for, but TorchSharp finds {count} CUDA GPU{(count == 1 ? "" : "s")} (cuda:0{(count == 1 ? "" : $" to cuda:{count - 1}")}).");
            return new torch.Device(DeviceType.CUDA, Index);
        }
    }
}
