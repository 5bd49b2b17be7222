using System;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Model
{
    /// <summary>
    /// The helpers generated models call. The layers they build are tested as modules in tests/…/Layers (Keras
    /// initialisers: RecurrentLayerTests and LayerKindsTests; construction without leaks: LayerKindsTests).
    /// </summary>
    public class GeneratedModelSupportTests
    {
        private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

        [Fact]
        public void The_same_seed_gives_the_same_weights_and_another_seed_does_not()
        {
            Tensor Weights(long seed)
            {
                using var g = GeneratedModelSupport.CreateGenerator(seed);
                using var gru = new Modules.Gru("gru", 28, 16, returnSequences: false, bidirectional: false, MergeMode.Concat, dropout: 0, g);
                return cat(gru.parameters().Select(p => p.flatten()).ToList(), 0);
            }
            Assert.True(Same(Weights(7), Weights(7)));
            Assert.False(Same(Weights(7), Weights(8)));
            Assert.Null(GeneratedModelSupport.CreateGenerator(null)); // TorchSharp's global generator
        }

        [Fact]
        public void CheckInput_names_the_model_and_both_shapes()
        {
            NativeSetup.EnsureLoaded();
            var expected = new Shape(null, 28, 28);
            GeneratedModelSupport.CheckInput(zeros(5, 28, 28), "MnistRnn", expected);
            var e = Assert.Throws<ArgumentException>(() => GeneratedModelSupport.CheckInput(zeros(5, 28, 27), "MnistRnn", expected));
            Assert.Equal("input", e.ParamName);
            Assert.StartsWith("MnistRnn expects input [batch, 28, 28] but got [5, 28, 27].", e.Message);
            e = Assert.Throws<ArgumentException>(() => GeneratedModelSupport.CheckInput(zeros(28, 28), "MnistRnn", expected));
            Assert.StartsWith("MnistRnn expects input [batch, 28, 28] but got [28, 28].", e.Message);
        }

        [Fact]
        public void CheckInput_requires_float32_and_names_the_actual_type()
        {
            NativeSetup.EnsureLoaded();
            var expected = new Shape(null, 28, 28);
            using var x = zeros(new long[] { 4, 28, 28 }, ScalarType.Float64);
            var e = Assert.Throws<ArgumentException>(() => GeneratedModelSupport.CheckInput(x, "MnistRnn", expected));
            Assert.Equal("input", e.ParamName);
            Assert.StartsWith("MnistRnn expects float32 input [batch, 28, 28] but got Float64 [4, 28, 28].", e.Message);
        }

        [Fact]
        public void It_is_hidden_from_IntelliSense()
        {
            var attribute = typeof(GeneratedModelSupport).GetCustomAttributes(typeof(System.ComponentModel.EditorBrowsableAttribute), false)
                .Cast<System.ComponentModel.EditorBrowsableAttribute>().Single();
            Assert.Equal(System.ComponentModel.EditorBrowsableState.Never, attribute.State);
        }
    }
}
