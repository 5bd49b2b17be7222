using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Model
{
    [Input(28, 28)]
    [SimpleRnn(128, Activation.Relu)]
    [Dense(10)]
    public partial class SeedModel { }

    [Input(28, 28)]
    [SimpleRnn(16, ReturnSequences = true)]
    public partial class SimpleRnnSequences { }

    [Input(12, 5)]
    [Lstm(20)]
    [Dense(3, Activation.Softmax)]
    public partial class LstmModel { }

    [Input(12, 5)]
    [Lstm(20, ReturnSequences = true)]
    [Dense(4)]
    public partial class LstmSequences { }

    [Input(9, 7)]
    [Gru(11)]
    public partial class GruModel { }

    [Input(9, 7)]
    [Gru(11, ReturnSequences = true)]
    [Dense(6, Activation.Tanh)]
    public partial class GruSequences { }

    [Input(28, 28)]
    [SimpleRnn(32, ReturnSequences = true)]
    [Lstm(24, ReturnSequences = true)]
    [Gru(16)]
    [Dense(8, Activation.Relu)]
    [Dense(10)]
    public partial class StackedModel { }

    [Input(6, 3)]
    [Dense(5)]
    [SimpleRnn(4, Activation.Tanh)]
    public partial class DenseThenRnn { }

    [Input(7, 5)]
    [Lstm(6, ReturnSequences = true)]
    [Attention(UseScale = true)]
    [AdditiveAttention(Causal = true)]
    [Dense(3)]
    public partial class AttentionSequences { }

    public class GeneratedModelTests
    {
        private static readonly Func<RnnModel>[] Factories =
        {
            () => new SeedModel(1), () => new SimpleRnnSequences(1), () => new LstmModel(1), () => new LstmSequences(1),
            () => new GruModel(1), () => new GruSequences(1), () => new StackedModel(1), () => new DenseThenRnn(1),
            () => new AttentionSequences(1),
        };

        public static IEnumerable<object[]> Models() => Enumerable.Range(0, Factories.Length).Select(i => new object[] { i });

        private static (Shape Input, Shape Output, long Count, IReadOnlyList<LayerInfo> Layers) Metadata(RnnModel model)
        {
            var type = model.GetType();
            return ((Shape)type.GetProperty("InputShape")!.GetValue(null)!,
                    (Shape)type.GetProperty("OutputShape")!.GetValue(null)!,
                    (long)type.GetField("ParameterCount")!.GetValue(null)!,
                    (IReadOnlyList<LayerInfo>)type.GetProperty("Architecture")!.GetValue(null)!);
        }

        [Theory]
        [MemberData(nameof(Models))]
        public void Forward_output_shape_is_the_declared_OutputShape(int index)
        {
            var model = Factories[index]();
            var (input, output, _, _) = Metadata(model);
            using var scope = NewDisposeScope();
            var x = rand(new long[] { 3 }.Concat(input.Skip(1).Select(d => (long)d!.Value)).ToArray());
            var y = model.Forward(x);
            Assert.Equal(new long[] { 3 }.Concat(output.Skip(1).Select(d => (long)d!.Value)), y.shape);
            Assert.Null(output[0]);
            Assert.Null(input[0]);
        }

        [Theory]
        [MemberData(nameof(Models))]
        public void Every_parameter_count_the_generator_states_is_TorchSharps(int index)
        {
            var model = Factories[index]();
            var (_, _, total, layers) = Metadata(model);
            Assert.Equal(model.parameters().Sum(p => p.numel()), total);
            var children = model.named_children().ToDictionary(c => c.name, c => c.module);
            Assert.Equal(layers.Select(l => l.Name).OrderBy(n => n), children.Keys.OrderBy(n => n));
            foreach (var layer in layers)
                Assert.Equal(children[layer.Name].parameters().Sum(p => p.numel()), layer.ParameterCount);
            Assert.Equal(total, layers.Sum(l => l.ParameterCount));
        }

        [Fact]
        public void Seed_model_matches_the_tutorial()
        {
            var model = new SeedModel();
            Assert.Equal(21514L, SeedModel.ParameterCount);
            Assert.Equal(new Shape(null, 28, 28), SeedModel.InputShape);
            Assert.Equal(new Shape(null, 10), SeedModel.OutputShape);
            Assert.Equal(new[] { "simple_rnn", "dense" }, SeedModel.Architecture.Select(l => l.Name));
            Assert.Equal(new[] { 20224L, 1290L }, SeedModel.Architecture.Select(l => l.ParameterCount));
            Assert.Equal(
                new[] { "simple_rnn.weight_ih_l0", "simple_rnn.weight_hh_l0", "simple_rnn.bias_ih_l0", "simple_rnn.bias_hh_l0", "dense.weight", "dense.bias" }.OrderBy(n => n),
                model.named_parameters().Select(p => p.name).OrderBy(n => n));
            string summary = model.Summary();
            Assert.Contains("simple_rnn (SimpleRnn)", summary);
            Assert.Contains("20,224", summary);
            Assert.Contains(" Total params: 21,514 (84.04 KB)", summary);
        }

        [Fact]
        public void Stacked_layers_get_Keras_names_and_shapes()
        {
            Assert.Equal(new[] { "simple_rnn", "lstm", "gru", "dense", "dense_1" }, StackedModel.Architecture.Select(l => l.Name));
            Assert.Equal(new[] { "(None, 28, 32)", "(None, 28, 24)", "(None, 16)", "(None, 8)", "(None, 10)" },
                StackedModel.Architecture.Select(l => l.OutputShape.ToString()));
            Assert.Equal(new Shape(null, 12, 4), LstmSequences.OutputShape);
        }

        [Theory]
        [InlineData(new long[] { 4, 28, 27 }, "[4, 28, 27]")]
        [InlineData(new long[] { 4, 27, 28 }, "[4, 27, 28]")]
        [InlineData(new long[] { 28, 28 }, "[28, 28]")]
        [InlineData(new long[] { 1, 4, 28, 28 }, "[1, 4, 28, 28]")]
        public void Wrong_input_shapes_are_rejected_with_both_shapes(long[] shape, string actual)
        {
            var model = new SeedModel(3);
            using var x = zeros(shape);
            var e = Assert.Throws<ArgumentException>(() => model.Forward(x));
            Assert.Equal("input", e.ParamName);
            Assert.StartsWith($"SeedModel expects input [batch, 28, 28] but got {actual}.", e.Message);
        }

        [Theory]
        [InlineData(ScalarType.Float64, new long[] { 4, 28, 28 }, "Float64 [4, 28, 28]")]
        [InlineData(ScalarType.Float16, new long[] { 2, 28, 28 }, "Float16 [2, 28, 28]")]
        [InlineData(ScalarType.Int64, new long[] { 4, 28, 27 }, "Int64 [4, 28, 27]")]
        public void Input_that_is_not_float32_is_rejected_with_type_and_shape(ScalarType dtype, long[] shape, string actual)
        {
            var model = new SeedModel(3);
            using var x = zeros(shape, dtype);
            var e = Assert.Throws<ArgumentException>(() => model.Forward(x));
            Assert.Equal("input", e.ParamName);
            Assert.StartsWith($"SeedModel expects float32 input [batch, 28, 28] but got {actual}.", e.Message);
        }

        [Fact]
        public void The_same_seed_gives_the_same_weights()
        {
            static float[] Weights(RnnModel m) => m.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
            Assert.Equal(Weights(new StackedModel(11)), Weights(new StackedModel(11)));
            Assert.NotEqual(Weights(new StackedModel(11)), Weights(new StackedModel(12)));
        }

        [Fact]
        public void Forward_outside_a_dispose_scope_leaves_only_its_result_alive()
        {
            var model = new StackedModel(2);
            using var x = rand(4, 28, 28);
            model.Forward(x).Dispose(); // warm-up: lazily created native state is not a per-call cost
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var y = model.Forward(x);
            Assert.Equal(before + 1, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            y.Dispose();
            Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        [Fact]
        public void Constructing_a_model_leaves_only_its_parameters_alive()
        {
            new StackedModel(2).Dispose(); // warm-up, as above
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            using var model = new StackedModel(2);
            int parameters = model.parameters().Count();
            Assert.Equal(before + parameters, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        [Fact]
        public void Models_work_as_TorchSharp_modules()
        {
            var model = new LstmModel(5);
            using var x = rand(2, 12, 5);
            using var viaCall = model.call(x);
            using var viaForward = model.Forward(x);
            Assert.True(viaCall.allclose(viaForward));
            Assert.True(viaCall.sum(1).allclose(ones(2), rtol: 1e-4, atol: 1e-5)); // Dense(3, Softmax)
            model.eval();
            Assert.False(model.training);
            model.train();
            Assert.True(model.training);
        }
    }
}
