using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Compatibility
{
    /// <summary>
    /// Weights saved (<c>model.save</c>) by the generated models before the layer modules existed, with each model's
    /// Forward output on a fixed input. Loading them into today's generated classes, and into the same models built from
    /// the layer modules (<see cref="LayerModules.ModuleModels"/>), must give the same outputs: saved weights still load,
    /// and the parameter names (<c>simple_rnn.weight_ih_l0</c>, <c>dense.weight</c>, …) are unchanged.
    /// </summary>
    public class SavedWeightsTests
    {
        private static readonly Dictionary<string, Func<RnnModel>> Generated = new()
        {
            ["MnistRnn"] = () => new MnistSample.MnistRnn(1),
            ["MnistLstm"] = () => new MnistSample.MnistLstm(1),
            ["MnistGru"] = () => new MnistSample.MnistGru(1),
            ["MnistStacked"] = () => new MnistSample.MnistStacked(1),
            ["StackedModel"] = () => new Model.StackedModel(1),
            ["LstmSequences"] = () => new Model.LstmSequences(1),
            ["GruSequences"] = () => new Model.GruSequences(1),
            ["DenseThenRnn"] = () => new Model.DenseThenRnn(1),
        };

        private static readonly Dictionary<string, Func<RnnModel>> BuiltFromModules = new()
        {
            ["MnistRnn"] = () => new LayerModules.ModuleModels.MnistRnn(1),
            ["MnistLstm"] = () => new LayerModules.ModuleModels.MnistLstm(1),
            ["MnistGru"] = () => new LayerModules.ModuleModels.MnistGru(1),
            ["MnistStacked"] = () => new LayerModules.ModuleModels.MnistStacked(1),
            ["StackedModel"] = () => new LayerModules.ModuleModels.StackedModel(1),
            ["LstmSequences"] = () => new LayerModules.ModuleModels.LstmSequences(1),
            ["GruSequences"] = () => new LayerModules.ModuleModels.GruSequences(1),
            ["DenseThenRnn"] = () => new LayerModules.ModuleModels.DenseThenRnn(1),
        };

        public static IEnumerable<object[]> Names() => Generated.Keys.Select(name => new object[] { name });

        private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

        [Theory]
        [MemberData(nameof(Names))]
        public void Saved_weights_load_into_the_generated_model_and_give_the_saved_output(string name) => AssertLoads(name, Generated[name]);

        [Theory]
        [MemberData(nameof(Names))]
        public void Saved_weights_load_into_the_layer_modules_and_give_the_saved_output(string name) => AssertLoads(name, BuiltFromModules[name]);

        private static void AssertLoads(string name, Func<RnnModel> create)
        {
            using var model = create();
            model.eval();
            using var scope = NewDisposeScope();
            var input = Tensor.Load(Fixture(name + ".input.bin"));
            var expected = Tensor.Load(Fixture(name + ".output.bin"));
            var before = model.Forward(input);
            Assert.False(before.allclose(expected, rtol: 0, atol: 1e-6), "the fresh model must differ before loading, or the test proves nothing");

            model.load(Fixture(name + ".weights.bin"), strict: true);

            var actual = model.Forward(input);
            Assert.Equal(expected.shape, actual.shape);
            double difference = (actual - expected).abs().max().item<float>();
            Assert.True(difference <= 1e-6, $"{name}: largest difference {difference} after loading the saved weights");
        }

        [Fact]
        public void Saved_parameter_names_are_the_PyTorch_names()
        {
            using var model = new MnistSample.MnistStacked(1);
            Assert.Equal(
                new[]
                {
                    "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                    "lstm_1.weight_ih_l0", "lstm_1.weight_hh_l0", "lstm_1.bias_ih_l0", "lstm_1.bias_hh_l0",
                    "dense.weight", "dense.bias",
                }.OrderBy(n => n),
                model.state_dict().Keys.OrderBy(n => n));
        }
    }
}
