using Rnn.Modules;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>Every recurrent kind gives the same output with autograd off (Predict, Evaluate) as with it on (training).</summary>
    public class InferenceModeTests
    {
        public static TheoryData<string, bool, bool> Cases()
        {
            var data = new TheoryData<string, bool, bool>();
            foreach (string kind in new[] { "SimpleRnn", "Lstm", "Gru" })
            foreach (bool bidirectional in new[] { false, true })
            foreach (bool masked in new[] { false, true })
                data.Add(kind, bidirectional, masked);
            return data;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void NoGradGivesTheAutogradOutput(string kind, bool bidirectional, bool masked)
        {
            using var generator = new Generator(7);
            using RecurrentLayer layer = kind switch
            {
                "SimpleRnn" => new SimpleRnn("simple_rnn", 6, 8, Activation.Tanh, true, bidirectional, MergeMode.Concat, 0, generator),
                "Lstm" => new Lstm("lstm", 6, 8, true, bidirectional, MergeMode.Concat, 0, generator),
                _ => new Gru("gru", 6, 8, true, bidirectional, MergeMode.Concat, 0, generator),
            };
            layer.eval();
            using var x = randn(new long[] { 3, 5, 6 }, generator: generator);
            using var mask = masked ? tensor(new[,] { { true, true, true, true, true }, { true, true, true, false, false }, { true, false, false, false, false } }) : null;

            using var withGrad = layer.Forward(x, mask).Output;
            Tensor withoutGrad;
            using (no_grad()) withoutGrad = layer.Forward(x, mask).Output;
            using (withoutGrad)
            {
                Assert.False(withoutGrad.requires_grad);
                Assert.True(withGrad.allclose(withoutGrad, rtol: 0, atol: 1e-6),
                    $"{kind} bidirectional={bidirectional} masked={masked}: max difference {(withGrad - withoutGrad).abs().max().item<float>()}");
            }
        }
    }
}
