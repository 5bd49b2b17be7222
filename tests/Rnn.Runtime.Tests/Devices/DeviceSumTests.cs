using System;
using System.Collections.Generic;
using System.Linq;
using Rnn.Runtime.Tests.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Devices
{
    /// <summary>
    /// Losses and metrics are summed on the model's device, so that a step waits for nothing; the sums must be those the
    /// host made before, bit for bit: Fit's loss as <c>lossSum += (double)(float)loss * batchSize</c>, Evaluate's as
    /// <c>lossSum += loss * batchSize</c>, in double, the metrics' as <c>total += sum</c>.
    /// </summary>
    public sealed class DeviceSumTests
    {
        private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

        /// <summary>Random losses over many magnitudes, batch sizes, and the points where the logs read the sum.</summary>
        private static List<(float Loss, long Size, bool Read)> Steps(int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, 2000).Select(_ =>
                ((float)(random.NextDouble() * Math.Pow(10, random.Next(-8, 4))), (long)random.Next(1, 4097), random.Next(7) == 0)).ToList();
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void A_training_loss_sum_is_the_hosts_double_product_of_the_float_loss(int seed)
        {
            NativeSetup.EnsureLoaded();
            using var sum = new DeviceSum();
            double host = 0;
            foreach (var (loss, size, read) in Steps(seed))
            {
                host += (double)loss * size; // the host's arithmetic before the sums moved to the device: a double product
                using (NewDisposeScope()) sum.AddTimes(tensor(loss), size);
                if (read) Assert.Equal(Bits(host), Bits(sum.Read()));
            }
            Assert.Equal(Bits(host), Bits(sum.Read()));
        }

        [Theory]
        [InlineData(4)]
        [InlineData(5)]
        public void An_evaluation_loss_sum_is_the_hosts_double_product(int seed)
        {
            NativeSetup.EnsureLoaded();
            using var sum = new DeviceSum();
            double host = 0;
            foreach (var (loss, size, read) in Steps(seed))
            {
                double value = loss / 3.0; // a double with all its bits in use
                host += value * size;
                using (NewDisposeScope()) sum.AddTimes(tensor(value), size);
                if (read) Assert.Equal(Bits(host), Bits(sum.Read()));
            }
            Assert.Equal(Bits(host), Bits(sum.Read()));
        }

        [Fact]
        public void Numbers_from_the_host_and_from_the_device_add_in_their_order()
        {
            NativeSetup.EnsureLoaded();
            using var sum = new DeviceSum();
            double host = 0;
            var random = new Random(6);
            for (int i = 0; i < 3000; i++)
            {
                double value = random.NextDouble() * Math.Pow(10, random.Next(-6, 6));
                host += value;
                if (random.Next(2) == 0) sum.Add(value);
                else using (NewDisposeScope()) sum.Add(tensor(value));
                if (random.Next(11) == 0) Assert.Equal(Bits(host), Bits(sum.Read()));
            }
            Assert.Equal(Bits(host), Bits(sum.Read()));
            sum.Reset();
            Assert.Equal(0.0, sum.Read());
        }

        [Fact]
        public void A_sum_keeps_no_tensor_once_read_and_frees_an_unread_one()
        {
            NativeSetup.EnsureLoaded();
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var sum = new DeviceSum();
            using (NewDisposeScope()) sum.Add(tensor(1.5));
            Assert.Equal(1, DisposeScopeManager.Statistics.ThreadTotalLiveCount - before); // the sum on the device
            Assert.Equal(1.5, sum.Read());
            Assert.Equal(0, DisposeScopeManager.Statistics.ThreadTotalLiveCount - before);
            using (NewDisposeScope()) sum.Add(tensor(2.0));
            sum.Discard();
            Assert.Equal(0, DisposeScopeManager.Statistics.ThreadTotalLiveCount - before);
            Assert.Equal(1.5, sum.Read()); // what was read stays
        }
    }

    [Collection(nameof(GlobalGeneratorCollection))]
    public sealed class CudaRandomTests
    {
        [Fact]
        public void On_the_cpu_an_epoch_draws_no_seed_for_a_gpu()
        {
            NativeSetup.EnsureLoaded();
            using var global = Generator.Default;
            using var before = global.get_state();
            CudaRandom.SeedEpoch(CPU);
            using var after = global.get_state();
            Assert.True(before.eq(after).all().item<bool>(), "the global generator moved: CPU runs and their checkpoints would change");
        }
    }
}
