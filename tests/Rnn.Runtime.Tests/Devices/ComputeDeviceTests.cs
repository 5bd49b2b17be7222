using System;
using System.Linq;
using Rnn.Runtime.Tests.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Devices
{
    /// <summary>
    /// Choosing where a model lives: the CPU, Auto's fallback, the error for a GPU that is not there, and the names.
    /// CI has no GPU; benchmarks/gpu runs the CUDA side on a GPU machine.
    /// </summary>
    public sealed class ComputeDeviceTests
    {
        [Fact]
        public void A_model_starts_on_the_cpu_and_moving_it_there_keeps_it_as_it_is()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var before = model.parameters().Select(p => p.detach().clone()).ToList();

            Assert.Equal(ComputeDevice.Cpu, model.ComputeDevice);
            Assert.Same(model, model.To(ComputeDevice.Cpu));
            Assert.Equal(ComputeDevice.Cpu, model.ComputeDevice);
            Assert.All(model.parameters().Zip(before), pair => Assert.True(pair.First.eq(pair.Second).all().item<bool>()));
        }

        [Fact]
        public void Auto_takes_the_gpu_only_when_TorchSharp_finds_one()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            bool gpu = CudaDevices.Count() > 0; // none on CI: Auto falls back to the CPU

            var moved = model.To(ComputeDevice.Auto);

            Assert.Equal(gpu ? ComputeDevice.Cuda : ComputeDevice.Cpu, moved.ComputeDevice);
            Assert.Equal(gpu ? DeviceType.CUDA : DeviceType.CPU, ComputeDevice.Auto.ToTorchDevice().type);
        }

        [Fact]
        public void A_gpu_that_is_not_there_is_a_clear_error_and_the_model_stays_where_it_was()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            int gpus = CudaDevices.Count();
            var missing = ComputeDevice.Cuda[gpus]; // one past the last GPU: cuda:0 on a machine without any

            var e = Assert.Throws<InvalidOperationException>(() => model.To(missing));

            Assert.StartsWith($"TestRnn.To: cuda:{gpus} was asked for, but TorchSharp finds ", e.Message);
            if (gpus == 0)
            {
                // What to install: the CUDA package instead of the CPU one, and a driver.
                Assert.Contains("libtorch-cuda-12.8", e.Message);
                Assert.Contains("instead of libtorch-cpu", e.Message);
                Assert.Contains("NVIDIA driver for CUDA 12.8", e.Message);
                Assert.Equal(e.Message.Replace("TestRnn.To", "ComputeDevice.ToTorchDevice"),
                    Assert.Throws<InvalidOperationException>(() => ComputeDevice.Cuda.ToTorchDevice()).Message);
            }
            Assert.Equal(ComputeDevice.Cpu, model.ComputeDevice);
        }

        [Theory]
        [InlineData("cpu", "cpu")]
        [InlineData("CPU", "cpu")]
        [InlineData("cuda", "cuda:0")]
        [InlineData(" cuda:0 ", "cuda:0")]
        [InlineData("cuda:3", "cuda:3")]
        [InlineData("Auto", "auto")]
        public void Devices_are_named_as_TorchSharp_names_them(string name, string printed)
        {
            var device = ComputeDevice.Parse(name);
            Assert.Equal(printed, device.ToString());
            Assert.Equal(device, ComputeDevice.Parse(printed));
        }

        [Fact]
        public void Devices_compare_by_kind_and_index()
        {
            Assert.Equal(ComputeDevice.Cuda, ComputeDevice.Cuda[0]);
            Assert.True(ComputeDevice.Cuda[2] == ComputeDevice.Parse("cuda:2"));
            Assert.True(ComputeDevice.Cuda[2] != ComputeDevice.Cuda[1]);
            Assert.NotEqual(ComputeDevice.Cpu, ComputeDevice.Auto);
            Assert.Equal(ComputeDevice.Cuda[2].GetHashCode(), ComputeDevice.Parse("cuda:2").GetHashCode());
            Assert.Equal((2, true, false), (ComputeDevice.Cuda[2].Index, ComputeDevice.Cuda[2].IsCuda, ComputeDevice.Cuda[2].IsAuto));
            Assert.Equal((-1, false, true), (ComputeDevice.Auto.Index, ComputeDevice.Auto.IsCuda, ComputeDevice.Auto.IsAuto));
        }

        [Theory]
        [InlineData("gpu")]
        [InlineData("cuda:")]
        [InlineData("cuda:-1")]
        [InlineData("cuda:x")]
        [InlineData("")]
        public void An_unknown_name_is_refused_with_the_names_that_are_known(string name)
        {
            var e = Assert.Throws<ArgumentException>(() => ComputeDevice.Parse(name));
            Assert.Equal($"ComputeDevice.Parse: a device is cpu, cuda, cuda:N or auto, but was '{name}'. (Parameter 'name')", e.Message);
        }

        [Fact]
        public void A_negative_gpu_index_is_refused() =>
            Assert.StartsWith("ComputeDevice.Cuda[-1]: a GPU index is 0 or more.",
                Assert.Throws<ArgumentOutOfRangeException>(() => ComputeDevice.Cuda[-1]).Message);

        [Fact]
        public void Only_a_cuda_device_takes_a_gpu_index()
        {
            Assert.Equal("ComputeDevice.Cpu[1]: only a CUDA device takes a GPU index, as ComputeDevice.Cuda[1].",
                Assert.Throws<InvalidOperationException>(() => ComputeDevice.Cpu[1]).Message);
            Assert.Throws<InvalidOperationException>(() => ComputeDevice.Auto[0]);
            Assert.Equal(ComputeDevice.Cuda[3], ComputeDevice.Cuda[2][3]);
        }
    }
}
