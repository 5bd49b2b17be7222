using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>
    /// The weights the pre-layers generated models saved (tests/Rnn.Runtime.Tests/Fixtures) load into models built from the
    /// layer modules, and give the same outputs: the modules keep the parameter names and the computation.
    /// </summary>
    public class SavedWeightsIntoModulesTests
    {
        private static readonly Dictionary<string, Func<RnnModel>> Models = new()
        {
            ["MnistRnn"] = () => new ModuleModels.MnistRnn(1),
            ["MnistLstm"] = () => new ModuleModels.MnistLstm(1),
            ["MnistGru"] = () => new ModuleModels.MnistGru(1),
            ["MnistStacked"] = () => new ModuleModels.MnistStacked(1),
            ["StackedModel"] = () => new ModuleModels.StackedModel(1),
            ["LstmSequences"] = () => new ModuleModels.LstmSequences(1),
            ["GruSequences"] = () => new ModuleModels.GruSequences(1),
            ["DenseThenRnn"] = () => new ModuleModels.DenseThenRnn(1),
        };

        public static IEnumerable<object[]> Names() => Models.Keys.Select(name => new object[] { name });

        private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

        [Theory]
        [MemberData(nameof(Names))]
        public void Weights_saved_by_the_old_generated_model_load_into_the_modules(string name)
        {
            using var model = Models[name]();
            model.eval();
            using var scope = NewDisposeScope();
            var input = Tensor.Load(Fixture(name + ".input.bin"));
            var expected = Tensor.Load(Fixture(name + ".output.bin"));
            Assert.False(model.Forward(input).allclose(expected, rtol: 0, atol: 1e-6));

            model.load(Fixture(name + ".weights.bin"), strict: true);

            var actual = model.Forward(input);
            Assert.Equal(expected.shape, actual.shape);
            double difference = (actual - expected).abs().max().item<float>();
            Assert.True(difference <= 1e-6, $"{name}: largest difference {difference}");
        }
    }
}
