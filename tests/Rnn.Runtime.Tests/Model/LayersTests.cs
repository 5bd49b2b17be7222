using System;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Model
{
    public class LayersTests
    {
        private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

        private static Tensor Param(nn.Module module, string name) => module.named_parameters().Single(p => p.name == name).parameter;

        [Theory]
        [InlineData(28, 128)]
        [InlineData(5, 7)]
        public void Recurrent_kernels_follow_Keras_defaults(int inputSize, int units)
        {
            using var generator = Layers.CreateGenerator(1);
            var lstm = Layers.Lstm(inputSize, units, generator);
            double limit = Math.Sqrt(6.0 / (inputSize + 4 * units));
            var wih = Param(lstm, "weight_ih_l0");
            Assert.True(wih.abs().max().item<float>() <= limit + 1e-6);
            Assert.True(wih.abs().max().item<float>() > limit * 0.9); // uniform over the whole range, not a narrower default
            var whh = Param(lstm, "weight_hh_l0");
            for (int g = 0; g < 4; g++)
            {
                var block = whh.narrow(0, g * units, units);
                var identity = block.matmul(block.t());
                Assert.True(identity.allclose(eye(units), rtol: 1e-4, atol: 1e-4), $"gate {g} is not orthogonal");
            }
            var bias = Param(lstm, "bias_ih_l0");
            Assert.Equal(0f, bias.narrow(0, 0, units).abs().sum().item<float>());
            Assert.Equal((float)units, bias.narrow(0, units, units).sum().item<float>()); // forget gate starts at 1
            Assert.Equal(0f, bias.narrow(0, 2 * units, 2 * units).abs().sum().item<float>());
            Assert.Equal(0f, Param(lstm, "bias_hh_l0").abs().sum().item<float>());
        }

        [Fact]
        public void Dense_kernel_is_Glorot_uniform_with_zero_bias()
        {
            using var generator = Layers.CreateGenerator(2);
            var dense = Layers.Dense(128, 10, generator);
            double limit = Math.Sqrt(6.0 / 138);
            Assert.True(dense.weight!.abs().max().item<float>() <= limit + 1e-6);
            Assert.Equal(0f, dense.bias!.abs().sum().item<float>());
        }

        [Fact]
        public void The_same_seed_gives_the_same_weights_and_another_seed_does_not()
        {
            Tensor Weights(long seed)
            {
                using var g = Layers.CreateGenerator(seed);
                var gru = Layers.Gru(28, 16, g);
                return cat(gru.parameters().Select(p => p.flatten()).ToList(), 0);
            }
            Assert.True(Same(Weights(7), Weights(7)));
            Assert.False(Same(Weights(7), Weights(8)));
        }

        [Fact]
        public void SimpleRnn_runs_only_Tanh_and_Relu()
        {
            Assert.NotNull(Layers.SimpleRnn(3, 4, Activation.Tanh));
            Assert.NotNull(Layers.SimpleRnn(3, 4, Activation.Relu));
            var e = Assert.Throws<ArgumentException>(() => Layers.SimpleRnn(3, 4, Activation.Sigmoid));
            Assert.Contains("Tanh and Relu", e.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => Layers.Dense(0, 4));
            Assert.Throws<ArgumentOutOfRangeException>(() => Layers.Gru(3, -1));
        }

        [Fact]
        public void LastStep_takes_the_final_time_step()
        {
            NativeSetup.EnsureLoaded();
            var sequence = arange(2 * 3 * 4, dtype: float32).reshape(2, 3, 4);
            var last = Layers.LastStep(sequence);
            Assert.Equal(new long[] { 2, 4 }, last.shape);
            Assert.True(Same(last, sequence[.., 2, ..]));
        }

        [Fact]
        public void Activate_applies_each_activation()
        {
            NativeSetup.EnsureLoaded();
            var x = tensor(new float[] { -1f, 0f, 2f });
            Assert.True(Same(Layers.Activate(x, Activation.None), x));
            Assert.True(Same(Layers.Activate(x, Activation.Relu), tensor(new float[] { 0f, 0f, 2f })));
            Assert.True(Layers.Activate(x, Activation.Tanh).allclose(x.tanh()));
            Assert.True(Layers.Activate(x, Activation.Sigmoid).allclose(x.sigmoid()));
            Assert.Equal(1f, Layers.Activate(x, Activation.Softmax).sum().item<float>(), 5);
        }

        public static TheoryData<string, Func<Generator?, nn.Module>> AllLayers() => new()
        {
            { "SimpleRnn", g => Layers.SimpleRnn(5, 7, Activation.Tanh, g) },
            { "Lstm", g => Layers.Lstm(5, 7, g) },
            { "Gru", g => Layers.Gru(5, 7, g) },
            { "Dense", g => Layers.Dense(5, 7, g) },
        };

        [Theory]
        [MemberData(nameof(AllLayers))]
        public void Constructing_a_layer_leaves_only_its_parameters_alive(string layer, Func<Generator?, nn.Module> create)
        {
            using var generator = Layers.CreateGenerator(1);
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

            using var module = create(generator);

            // Weight and bias per kernel: 4 tensors for a recurrent layer, 2 for Dense; init temporaries are freed.
            int parameters = module.parameters().Count();
            Assert.Equal(layer == "Dense" ? 2 : 4, parameters);
            Assert.Equal(before + parameters, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        [Fact]
        public void CheckInput_names_the_model_and_both_shapes()
        {
            NativeSetup.EnsureLoaded();
            var expected = new Shape(null, 28, 28);
            Layers.CheckInput(zeros(5, 28, 28), "MnistRnn", expected);
            var e = Assert.Throws<ArgumentException>(() => Layers.CheckInput(zeros(5, 28, 27), "MnistRnn", expected));
            Assert.Equal("input", e.ParamName);
            Assert.StartsWith("MnistRnn expects input [batch, 28, 28] but got [5, 28, 27].", e.Message);
            e = Assert.Throws<ArgumentException>(() => Layers.CheckInput(zeros(28, 28), "MnistRnn", expected));
            Assert.StartsWith("MnistRnn expects input [batch, 28, 28] but got [28, 28].", e.Message);
        }

        [Fact]
        public void CheckInput_requires_float32_and_names_the_actual_type()
        {
            NativeSetup.EnsureLoaded();
            var expected = new Shape(null, 28, 28);
            using var x = zeros(new long[] { 4, 28, 28 }, ScalarType.Float64);
            var e = Assert.Throws<ArgumentException>(() => Layers.CheckInput(x, "MnistRnn", expected));
            Assert.Equal("input", e.ParamName);
            Assert.StartsWith("MnistRnn expects float32 input [batch, 28, 28] but got Float64 [4, 28, 28].", e.Message);
        }
    }
}
