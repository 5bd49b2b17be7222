using System;
using System.IO;
using System.Linq;
using Rnn.Modules;
using TorchSharp;
using Xunit;
using static Rnn.Runtime.Tests.LayerModules.LayerTesting;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.LayerModules
{
    public class RecurrentLayerTests
    {
        private static readonly string[] ForwardNames = { "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0" };

        [Theory]
        [InlineData(Kind.SimpleRnn, false)]
        [InlineData(Kind.SimpleRnn, true)]
        [InlineData(Kind.Lstm, false)]
        [InlineData(Kind.Lstm, true)]
        [InlineData(Kind.Gru, false)]
        [InlineData(Kind.Gru, true)]
        public void Parameters_have_PyTorch_names_and_counts_on_the_layer_itself(Kind kind, bool bidirectional)
        {
            using var g = Seeded(1);
            using var layer = Recurrent(kind, 6, 5, bidirectional: bidirectional, generator: g);
            var expected = bidirectional ? ForwardNames.Concat(ForwardNames.Select(n => n + "_reverse")).ToArray() : ForwardNames;
            Assert.Equal(expected, Names(layer));
            Assert.Empty(layer.children()); // the wrapped torch module is not a child
            long gates = Gates(kind), directions = bidirectional ? 2 : 1;
            Assert.Equal(directions * gates * (5 * 6 + 5 * 5 + 5 + 5), Count(layer)); // PyTorch: two bias vectors per direction
            var shapes = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
            Assert.Equal(new[] { gates * 5, 6 }, shapes["weight_ih_l0"]);
            Assert.Equal(new[] { gates * 5, 5 }, shapes["weight_hh_l0"]);
            Assert.Equal(new[] { gates * 5 }, shapes["bias_hh_l0"]);
        }

        [Fact]
        public void In_a_model_the_names_are_not_nested()
        {
            using var model = new ModuleModels.MnistStacked(1);
            Assert.Equal(
                new[]
                {
                    "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                    "lstm_1.weight_ih_l0", "lstm_1.weight_hh_l0", "lstm_1.bias_ih_l0", "lstm_1.bias_hh_l0",
                    "dense.weight", "dense.bias",
                },
                Names(model));
            Assert.Equal(model.state_dict().Count, model.parameters().Count());
        }

        [Theory]
        [InlineData(Kind.SimpleRnn)]
        [InlineData(Kind.Lstm)]
        [InlineData(Kind.Gru)]
        public void Keras_initialisers_for_both_directions(Kind kind)
        {
            using var g = Seeded(2);
            int units = 6, inputs = 4, gates = Gates(kind);
            using var layer = Recurrent(kind, inputs, units, bidirectional: true, generator: g);
            var p = layer.named_parameters().ToDictionary(x => x.name, x => x.parameter);
            double limit = Math.Sqrt(6.0 / (inputs + gates * units));
            foreach (string suffix in new[] { "", "_reverse" })
            {
                var wih = p["weight_ih_l0" + suffix];
                Assert.InRange(wih.abs().max().item<float>(), limit * 0.8, limit + 1e-6);
                var whh = p["weight_hh_l0" + suffix];
                for (int gate = 0; gate < gates; gate++)
                {
                    var block = whh.narrow(0, gate * units, units);
                    Assert.True(block.matmul(block.t()).allclose(eye(units), rtol: 1e-4, atol: 1e-4), $"gate {gate}{suffix} is not orthogonal");
                }
                float forget = kind == Kind.Lstm ? units : 0;
                Assert.Equal(forget, p["bias_ih_l0" + suffix].sum().item<float>());
                Assert.Equal(forget, p["bias_ih_l0" + suffix].abs().sum().item<float>());
                Assert.Equal(0f, p["bias_hh_l0" + suffix].abs().sum().item<float>());
            }
            Assert.False(p["weight_ih_l0"].eq(p["weight_ih_l0_reverse"]).all().item<bool>());
        }

        [Theory]
        [InlineData(Kind.SimpleRnn)]
        [InlineData(Kind.Lstm)]
        [InlineData(Kind.Gru)]
        public void Save_and_load_reach_the_weights_the_layer_runs_with(Kind kind)
        {
            using var g = Seeded(4);
            using var source = Recurrent(kind, 3, 4, bidirectional: true, generator: g);
            using var target = Recurrent(kind, 3, 4, bidirectional: true, generator: g);
            using var scope = NewDisposeScope();
            var x = Random(g, 2, 5, 3);
            var expected = source.Forward(x, null).Output;
            Assert.True(MaxDifference(expected, target.Forward(x, null).Output) > 1e-3);
            string path = Path.Combine(Path.GetTempPath(), $"rnn-layer-{Guid.NewGuid():N}.bin");
            try
            {
                source.save(path);
                target.load(path);
            }
            finally { File.Delete(path); }
            Assert.Equal(0.0, MaxDifference(expected, target.Forward(x, null).Output));
        }

        [Theory]
        [InlineData(Kind.SimpleRnn)]
        [InlineData(Kind.Lstm)]
        [InlineData(Kind.Gru)]
        public void Changing_the_dtype_moves_the_one_set_of_parameters_the_layer_runs_with(Kind kind)
        {
            using var g = Seeded(5);
            using var layer = Recurrent(kind, 3, 4, bidirectional: true, generator: g);
            using var scope = NewDisposeScope();
            var x = Random(g, 2, 5, 3);
            var single = layer.Forward(x, null).Output;

            layer.to(ScalarType.Float64);

            Assert.Equal(8, layer.parameters().Count());
            Assert.All(layer.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
            var twice = layer.Forward(x.to_type(ScalarType.Float64), Mask(5, 5, 2)).Output;
            Assert.Equal(ScalarType.Float64, twice.dtype);
            Assert.True(MaxDifference(single[0].to_type(ScalarType.Float64), twice[0]) <= 1e-5);
        }

        [Theory]
        [InlineData(Kind.SimpleRnn)]
        [InlineData(Kind.Lstm)]
        [InlineData(Kind.Gru)]
        public void Gradients_reach_the_registered_parameters(Kind kind)
        {
            using var g = Seeded(6);
            using var layer = Recurrent(kind, 3, 4, returnSequences: true, bidirectional: true, generator: g);
            using var scope = NewDisposeScope();
            var x = Random(g, 2, 5, 3);
            layer.Forward(x, Mask(5, 5, 3)).Output.square().sum().backward();
            Assert.All(layer.named_parameters(), p => Assert.True(p.parameter.grad is not null && p.parameter.grad.abs().sum().item<float>() > 0, p.name));
        }

        [Theory]
        [InlineData(Kind.SimpleRnn)]
        [InlineData(Kind.Lstm)]
        [InlineData(Kind.Gru)]
        public void Variable_length_input_without_a_mask_runs_batches_of_different_lengths(Kind kind)
        {
            using var g = Seeded(11);
            using var layer = Recurrent(kind, 3, 4, returnSequences: true, generator: g);
            using var scope = NewDisposeScope();
            foreach (long time in new long[] { 5, 9, 1 })
            {
                var (output, mask) = layer.Forward(Random(g, 2, time, 3), null);
                Assert.Equal(new[] { 2, time, 4 }, output.shape);
                Assert.Null(mask);
            }
        }

        [Fact]
        public void Input_dropout_is_one_feature_mask_per_sequence()
        {
            using var layer = new Gru("gru", 6, 4, false, false, MergeMode.Concat, 0.5, null);
            using var scope = NewDisposeScope();
            var dropped = layer.DropInputFeatures(ones(8, 10, 6));
            Assert.True(dropped.eq(dropped[.., 0..1, ..]).all().item<bool>()); // the same at every step
            Assert.True(dropped.eq(0).logical_or(dropped.eq(2)).all().item<bool>()); // kept features are scaled by 1 / (1 - 0.5)
            long zeros = dropped[.., 0, ..].eq(0).sum().item<long>();
            Assert.InRange(zeros, 1, 47); // 48 features: some dropped, some kept
        }

        [Fact]
        public void Input_dropout_acts_in_training_only()
        {
            using var g = Seeded(12);
            using var layer = new Lstm("lstm", 6, 4, false, false, MergeMode.Concat, 0.5, g);
            using var scope = NewDisposeScope();
            var x = Random(g, 4, 5, 6);
            layer.eval();
            var first = layer.Forward(x, null).Output;
            Assert.Equal(0.0, MaxDifference(first, layer.Forward(x, null).Output));
            layer.train();
            Assert.True(MaxDifference(first, layer.Forward(x, null).Output) > 1e-4);
        }

        [Fact]
        public void A_masked_forward_leaves_only_its_output_alive()
        {
            using var g = Seeded(13);
            using var layer = new Lstm("lstm", 3, 4, true, true, MergeMode.Sum, 0.25, g);
            layer.train();
            using var x = Random(g, 3, 6, 3);
            using var mask = Mask(6, 6, 2, 4);
            layer.Forward(x, mask).Output.Dispose(); // warm-up: lazily created native state is not a per-call cost
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var (output, outputMask) = layer.Forward(x, mask);
            Assert.Same(mask, outputMask);
            Assert.Equal(before + 1, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            output.Dispose();
            Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        [Fact]
        public void Bad_arguments_name_the_layer_and_the_values()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm("lstm_2", 3, 0, false, false, MergeMode.Concat, 0, null));
            Assert.Equal("units", e.ParamName);
            Assert.Contains("lstm_2 (Lstm)", e.Message);
            e = Assert.Throws<ArgumentOutOfRangeException>(() => new Gru("gru", 3, 4, false, false, MergeMode.Concat, 1.0, null));
            Assert.Equal("dropout", e.ParamName);
            var a = Assert.Throws<ArgumentException>(() => new SimpleRnn("simple_rnn", 3, 4, Activation.Sigmoid, false, false, MergeMode.Concat, 0, null));
            Assert.Contains("Tanh and Relu", a.Message);

            using var layer = new SimpleRnn("simple_rnn", 3, 4, Activation.Relu, false, false, MergeMode.Concat, 0, null);
            using var wrong = zeros(2, 5, 4);
            a = Assert.Throws<ArgumentException>(() => layer.Forward(wrong, null));
            Assert.StartsWith("simple_rnn (SimpleRnn) expects input [batch, time, 3] but got [2, 5, 4].", a.Message);
            using var x = zeros(2, 5, 3);
            using var mask = ones(new long[] { 2, 4 }, ScalarType.Bool);
            a = Assert.Throws<ArgumentException>(() => layer.Forward(x, mask));
            Assert.Equal("mask", a.ParamName);
        }
    }
}
