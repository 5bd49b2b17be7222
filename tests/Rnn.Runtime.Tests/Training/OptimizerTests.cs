using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>The runtime's optimizers against TorchSharp's own <c>torch.optim</c> implementations.</summary>
    public sealed class OptimizerTests
    {
        private const int Steps = 100;

        public static IEnumerable<object[]> Pairs()
        {
            yield return Pair("adam", Optimizers.Adam(), p => optim.Adam(p, 1e-3, 0.9, 0.999, 1e-7));
            yield return Pair("adam(0.01, 0.8, 0.99, 1e-5)", Optimizers.Adam(0.01, 0.8, 0.99, 1e-5), p => optim.Adam(p, 0.01, 0.8, 0.99, 1e-5));
            yield return Pair("sgd", Optimizers.Sgd(0.05), p => optim.SGD(p, 0.05));
            yield return Pair("sgd momentum", Optimizers.Sgd(0.05, momentum: 0.9), p => optim.SGD(p, 0.05, momentum: 0.9));
            yield return Pair("sgd nesterov", Optimizers.Sgd(0.05, momentum: 0.9, nesterov: true), p => optim.SGD(p, 0.05, momentum: 0.9, nesterov: true));
            yield return Pair("rmsprop", Optimizers.RmsProp(), p => optim.RMSProp(p, 1e-3, 0.9, 1e-7));
            yield return Pair("rmsprop momentum", Optimizers.RmsProp(1e-3, rho: 0.8, momentum: 0.5, epsilon: 1e-6),
                p => optim.RMSProp(p, 1e-3, 0.8, 1e-6, momentum: 0.5));
        }

        private static object[] Pair(string name, OptimizerSettings ours, Func<IEnumerable<Parameter>, optim.Optimizer> theirs) =>
            new object[] { name, ours, theirs };

        [Theory]
        [MemberData(nameof(Pairs))]
        public void Updates_equal_TorchSharps_optimizer_within_1e6_over_100_steps(string name, OptimizerSettings ours,
            Func<IEnumerable<Parameter>, optim.Optimizer> theirs)
        {
            using var ourModel = new TestRnn(units: 16, seed: 3);
            using var theirModel = new TestRnn(units: 16, seed: 3);
            using var ourOptimizer = ours.Create(ourModel.named_parameters());
            using var theirOptimizer = theirs(theirModel.parameters());
            var ourParameters = ourModel.parameters().ToArray();
            var theirParameters = theirModel.parameters().ToArray();
            var (x, y) = TestData.Random(Steps * 8, seed: 11);
            using (x)
            using (y)
            {
                double worst = 0;
                for (int step = 0; step < Steps; step++)
                {
                    if (step == Steps / 2)
                    {
                        // A scheduler's change of rate, half-way.
                        ourOptimizer.LearningRate /= 2;
                        foreach (var group in theirOptimizer.ParamGroups) group.LearningRate /= 2;
                    }
                    using var scope = NewDisposeScope();
                    ourOptimizer.zero_grad();
                    theirOptimizer.zero_grad();
                    var loss = nn.functional.cross_entropy(ourModel.call(x.narrow(0, step * 8, 8)), y.narrow(0, step * 8, 8));
                    loss.backward();
                    // The same gradients for both, so only the update rules are compared.
                    for (int i = 0; i < ourParameters.Length; i++) theirParameters[i].grad = ourParameters[i].grad!.clone();
                    ourOptimizer.step();
                    theirOptimizer.step();
                    for (int i = 0; i < ourParameters.Length; i++)
                        worst = Math.Max(worst, (ourParameters[i] - theirParameters[i]).abs().max().ToDouble());
                }
                Assert.True(worst <= 1e-6, $"{name}: the parameters differ by up to {worst:E2} after {Steps} steps.");
                Assert.Equal(Steps, ourOptimizer.Iterations);
                using var moved = (ourParameters[0] - new TestRnn(units: 16, seed: 3).parameters().First()).abs().max();
                Assert.True(moved.ToDouble() > 1e-4, $"{name}: the parameters did not move.");
            }
        }

        [Fact]
        public void State_names_each_slot_of_each_parameter()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            string[] parameters = model.named_parameters().Select(p => p.name).ToArray();
            using var adam = Optimizers.Adam().Create(model.named_parameters());
            Assert.Equal(parameters.SelectMany(p => new[] { p + "/m", p + "/v" }), adam.State.Select(s => s.Name));
            using var sgd = Optimizers.Sgd().Create(model.named_parameters());
            Assert.Empty(sgd.State);
            using var rmsprop = Optimizers.RmsProp(momentum: 0.5).Create(model.named_parameters());
            Assert.Equal(parameters.Select(p => p + "/velocity").Concat(parameters.Select(p => p + "/momentum")), rmsprop.State.Select(s => s.Name));
            var shapes = model.parameters().Select(p => p.shape).ToArray();
            Assert.Equal(shapes.SelectMany(s => new[] { s, s }), adam.State.Select(s => s.Value.shape));
        }

        [Fact]
        public void ClipNorm_scales_each_gradient_to_the_norm_limit_as_keras_clipnorm()
        {
            using var weight = new Parameter(zeros(2));
            using var bias = new Parameter(zeros(1));
            using var optimizer = Optimizers.Sgd(1.0, clipNorm: 1.0).Create(new[] { ("weight", weight), ("bias", bias) });
            weight.grad = tensor(new[] { 3f, 4f });  // norm 5: scaled to norm 1
            bias.grad = tensor(new[] { 0.5f });      // norm 0.5: unchanged
            optimizer.step();
            Assert.Equal(new[] { -0.6f, -0.8f }, weight.data<float>().ToArray(), new Tolerance(1e-6f));
            Assert.Equal(-0.5f, bias.data<float>().ToArray()[0], 6);
        }

        [Fact]
        public void ClipNorm_must_be_positive()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Optimizers.Adam(clipNorm: 0));
            Assert.Contains("clipNorm must be a positive number, but was 0", e.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => Optimizers.Sgd(clipNorm: double.NaN));
            Assert.Throws<ArgumentOutOfRangeException>(() => Optimizers.RmsProp(clipNorm: -1));
            Assert.Equal("adam(learning_rate=0.001, clipnorm=1.5)", Optimizers.Adam(clipNorm: 1.5).ToString());
        }

        [Fact]
        public void The_signature_lists_every_hyper_parameter_and_ToString_the_shared_ones()
        {
            // Checkpoints store the signature: its text must not change, also with a clip norm.
            var sgd = Optimizers.Sgd(0.05, momentum: 0.9, nesterov: true, clipNorm: 2);
            Assert.Equal("sgd(learning_rate=0.05, momentum=0.9, nesterov=True, clipnorm=2)", sgd.Signature);
            Assert.Equal("sgd(learning_rate=0.05, clipnorm=2)", sgd.ToString());
            var rmsProp = Optimizers.RmsProp();
            Assert.Equal("rmsprop(learning_rate=0.001, rho=0.9, momentum=0, epsilon=1E-07)", rmsProp.Signature);
            Assert.Equal("rmsprop(learning_rate=0.001)", rmsProp.ToString());
        }

        private sealed class Tolerance : IEqualityComparer<float>
        {
            private readonly float _tolerance;
            public Tolerance(float tolerance) => _tolerance = tolerance;
            public bool Equals(float a, float b) => Math.Abs(a - b) <= _tolerance;
            public int GetHashCode(float value) => 0;
        }
    }
}
