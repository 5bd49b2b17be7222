using System.Linq;
using Rnn.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>The activations Dense and Conv1D apply.</summary>
    public class ActivationsTests
    {
        private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

        [Fact]
        public void Apply_applies_each_activation()
        {
            NativeSetup.EnsureLoaded();
            var x = tensor(new float[] { -1f, 0f, 2f });
            Assert.True(Same(Activations.Apply(x, Activation.None), x));
            Assert.True(Same(Activations.Apply(x, Activation.Relu), tensor(new float[] { 0f, 0f, 2f })));
            Assert.True(Activations.Apply(x, Activation.Tanh).allclose(x.tanh()));
            Assert.True(Activations.Apply(x, Activation.Sigmoid).allclose(x.sigmoid()));
            Assert.Equal(1f, Activations.Apply(x, Activation.Softmax).sum().item<float>(), 5);
        }
    }
}
