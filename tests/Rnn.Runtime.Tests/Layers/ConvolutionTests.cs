using System;
using System.Collections.Generic;
using System.Linq;
using Rnn.Modules;
using TorchSharp;
using Xunit;
using static Rnn.Runtime.Tests.LayerModules.LayerTesting;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>
    /// Conv1D and MaxPooling1D lengths against Keras's formulas, and values against a direct loop over the taps (the
    /// definition) and against <c>torch.nn.functional.conv1d</c> / <c>max_pool1d</c>.
    /// </summary>
    public class ConvolutionTests
    {
        /// <summary>Keras's <c>conv_output_length</c> (keras/src/utils/conv_utils.py); ≤ 0 means the input is too short.</summary>
        private static long KerasLength(long time, long kernel, WindowPadding padding, long stride, long dilation)
        {
            long dilatedKernel = kernel + (kernel - 1) * (dilation - 1);
            long length = padding == WindowPadding.Valid ? time - dilatedKernel + 1 : time;
            return length <= 0 ? length : (length + stride - 1) / stride;
        }

        /// <summary>TensorFlow's padding before the sequence: all of it for causal, half (rounded down) for same.</summary>
        private static long PaddingBefore(long time, long span, WindowPadding padding, long stride)
        {
            if (padding == WindowPadding.Valid) return 0;
            if (padding == WindowPadding.Causal) return span - 1;
            long outputs = (time + stride - 1) / stride;
            return Math.Max((outputs - 1) * stride + span - time, 0) / 2;
        }

        public static IEnumerable<object[]> Geometries() =>
            from padding in Values<WindowPadding>()
            from kernel in new long[] { 1, 2, 3, 4 }
            from stride in new long[] { 1, 2, 3 }
            from dilation in new long[] { 1, 2 }
            select new object[] { padding, kernel, stride, dilation };

        [Theory]
        [MemberData(nameof(Geometries))]
        public void Conv1D_lengths_and_values_follow_Keras(WindowPadding padding, long kernel, long stride, long dilation)
        {
            using var g = Seeded(21);
            using var conv = new Conv1D("conv1d", 3, 2, kernel, stride, dilation, padding, Activation.None, g);
            var weight = conv.named_parameters().Single(p => p.name == "weight").parameter;
            var bias = conv.named_parameters().Single(p => p.name == "bias").parameter;
            Initializers_uniform(bias, g); // a non-zero bias, so the reference checks it too
            long span = dilation * (kernel - 1) + 1;
            for (long time = 1; time <= 9; time++)
            {
                using var scope = NewDisposeScope();
                var x = Random(g, 2, time, 3);
                long expected = KerasLength(time, kernel, padding, stride, dilation);
                if (expected <= 0)
                {
                    var e = Assert.Throws<ArgumentException>(() => conv.Forward(x, null));
                    Assert.Contains($"needs at least {span} timesteps", e.Message);
                    continue;
                }
                var (y, mask) = conv.Forward(x, Mask(time, time, 1));
                Assert.Null(mask);
                Assert.Equal(new[] { 2, expected, 2 }, y.shape);

                // The definition: y[j] = bias + Σ_k W[:, :, k] · x[j·stride − before + k·dilation], zero outside the sequence.
                long before = PaddingBefore(time, span, padding, stride);
                var reference = zeros(2, expected, 2);
                for (long j = 0; j < expected; j++)
                {
                    var step = bias.unsqueeze(0).expand(2, 2).clone();
                    for (long k = 0; k < kernel; k++)
                    {
                        long t = j * stride - before + k * dilation;
                        if (t >= 0 && t < time) step = step + x[.., t, ..].matmul(weight[.., .., k].t());
                    }
                    reference[.., j, ..] = step;
                }
                Assert.True(MaxDifference(y, reference) <= 1e-5, $"time {time}: largest difference {MaxDifference(y, reference)}");

                if (padding == WindowPadding.Valid)
                {
                    var torchConv = nn.functional.conv1d(x.transpose(1, 2), weight, bias, stride: stride, dilation: dilation).transpose(1, 2);
                    Assert.True(MaxDifference(y, torchConv) <= 1e-6);
                }
                else if (stride == 1 && (padding == WindowPadding.Causal || span % 2 == 1))
                {
                    // Symmetric padding: PyTorch's own padding argument gives Keras's "same" (and "causal" after trimming the end).
                    var torchConv = nn.functional.conv1d(x.transpose(1, 2), weight, bias, padding: padding == WindowPadding.Same ? span / 2 : span - 1, dilation: dilation).transpose(1, 2);
                    Assert.True(MaxDifference(y, torchConv.narrow(1, 0, time)) <= 1e-6);
                }
            }
        }

        private static void Initializers_uniform(Tensor t, Generator g)
        {
            using var noGrad = no_grad();
            t.uniform_(-1, 1, g);
        }

        [Fact]
        public void Causal_convolution_does_not_see_the_future()
        {
            using var g = Seeded(22);
            using var conv = new Conv1D("conv1d", 2, 3, 3, 1, 2, WindowPadding.Causal, Activation.Tanh, g);
            using var scope = NewDisposeScope();
            var x = Random(g, 1, 8, 2);
            var changed = x.clone();
            changed[.., 5.., ..] = Random(g, 1, 3, 2);
            var a = conv.Forward(x, null).Output;
            var b = conv.Forward(changed, null).Output;
            Assert.Equal(0.0, MaxDifference(a[.., ..5, ..], b[.., ..5, ..]));
            Assert.True(MaxDifference(a[.., 5.., ..], b[.., 5.., ..]) > 1e-4);
        }

        public static IEnumerable<object[]> Pools() =>
            from padding in new[] { WindowPadding.Valid, WindowPadding.Same }
            from pool in new long[] { 1, 2, 3 }
            from stride in new long[] { 1, 2, 3 }
            select new object[] { padding, pool, stride };

        [Theory]
        [MemberData(nameof(Pools))]
        public void MaxPooling1D_lengths_and_values_follow_Keras(WindowPadding padding, long pool, long stride)
        {
            using var g = Seeded(23);
            using var layer = new MaxPooling1D("max_pooling1d", pool, stride, padding);
            for (long time = 1; time <= 8; time++)
            {
                using var scope = NewDisposeScope();
                var x = Random(g, 2, time, 3) - 5; // all negative: zero padding would win the maximum, −∞ padding never does
                long expected = KerasLength(time, pool, padding, stride, 1);
                if (expected <= 0)
                {
                    Assert.Throws<ArgumentException>(() => layer.Forward(x, null));
                    continue;
                }
                var (y, mask) = layer.Forward(x, Mask(time, time, 1));
                Assert.Null(mask);
                Assert.Equal(new[] { 2, expected, 3 }, y.shape);
                long before = PaddingBefore(time, pool, padding, stride);
                for (long j = 0; j < expected; j++)
                {
                    long from = Math.Max(j * stride - before, 0), to = Math.Min(j * stride - before + pool, time);
                    var window = x[.., (int)from..(int)to, ..].amax(new long[] { 1 });
                    Assert.True(MaxDifference(y[.., j, ..], window) == 0, $"time {time}, step {j}");
                }
                if (padding == WindowPadding.Valid)
                    Assert.True(MaxDifference(y, nn.functional.max_pool1d(x.transpose(1, 2), pool, stride).transpose(1, 2)) == 0);
            }
        }

        [Fact]
        public void Conv1D_parameters_are_torch_Conv1d_shaped_and_Keras_initialised()
        {
            using var g = Seeded(24);
            using var conv = new Conv1D("conv1d", 16, 32, 5, 1, 1, WindowPadding.Valid, Activation.Relu, g);
            var p = conv.named_parameters().ToDictionary(x => x.name, x => x.parameter);
            Assert.Equal(new[] { "weight", "bias" }, Names(conv));
            Assert.Equal(new long[] { 32, 16, 5 }, p["weight"].shape);
            Assert.Equal(new long[] { 32 }, p["bias"].shape);
            Assert.Equal(5 * 16 * 32 + 32, Count(conv)); // Keras: kernelSize × inFeatures × filters + filters
            double limit = Math.Sqrt(6.0 / (5 * 16 + 5 * 32));
            Assert.InRange(p["weight"].abs().max().item<float>(), limit * 0.9, limit + 1e-6);
            Assert.Equal(0f, p["bias"].abs().sum().item<float>());
        }

        [Fact]
        public void Bad_geometry_is_rejected_with_the_argument()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Conv1D("conv1d", 3, 4, 0, 1, 1, WindowPadding.Valid, Activation.None, null));
            Assert.Equal("kernelSize", e.ParamName);
            e = Assert.Throws<ArgumentOutOfRangeException>(() => new Conv1D("conv1d", 3, 4, 2, 1, -1, WindowPadding.Valid, Activation.None, null));
            Assert.Equal("dilationRate", e.ParamName);
            e = Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPooling1D("max_pooling1d", 2, 0, WindowPadding.Valid));
            Assert.Equal("strides", e.ParamName);
            e = Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPooling1D("max_pooling1d", 2, 2, WindowPadding.Causal));
            Assert.Equal("padding", e.ParamName);
        }
    }
}
