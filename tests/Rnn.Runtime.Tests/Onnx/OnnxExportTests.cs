using System;
using System.IO;
using System.Linq;
using Rnn.Modules;
using Rnn.Runtime.Tests.LayerModules;
using Rnn.Runtime.Tests.Training;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Onnx
{
    /// <summary>RnnModel.ExportOnnx: the seed model, the declared input and output, errors, and the atomic write.</summary>
    public class OnnxExportTests
    {
        [Fact]
        public void Seed_model_runs_in_OnnxRuntime_as_in_TorchSharp_at_batch_1_and_256_with_a_dynamic_batch()
        {
            using var model = new ModuleModels.MnistRnn(7);
            string folder = OnnxTesting.TempFolder();
            try
            {
                string path = Path.Combine(folder, "mnist_rnn.onnx");
                model.ExportOnnx(path);
                using var g = LayerTesting.Seeded(3);
                foreach (long batch in new long[] { 1, 256 })
                {
                    using var scope = NewDisposeScope();
                    var x = rand(new[] { batch, 28, 28 }, generator: g);
                    var actual = OnnxTesting.Run(path, x);
                    Assert.Equal(new[] { batch, 10 }, actual.shape);
                    Assert.True(LayerTesting.MaxDifference(OnnxTesting.Forward(model, x), actual) < 1e-4);
                }

                var proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
                Assert.Equal(17, proto.OpsetImport.Single(o => o.Domain == "").Version);
                Assert.Equal(new[] { "batch", "28", "28" }, Dimensions(proto.Graph.Input.Single()));
                Assert.Equal(new[] { "batch", "10" }, Dimensions(proto.Graph.Output.Single()));
                Assert.Equal(new[] { "Transpose", "RNN", "Gather", "MatMul", "Add", "Identity" }, proto.Graph.Node.Select(n => n.OpType));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void A_variable_token_input_declares_int64_ids_with_a_dynamic_batch_and_time()
        {
            using var model = new ModuleModels.Tagger(5);
            string folder = OnnxTesting.TempFolder();
            try
            {
                string path = Path.Combine(folder, "tagger.onnx");
                model.ExportOnnx(path);
                var proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
                var input = proto.Graph.Input.Single();
                Assert.Equal((int)global::Onnx.TensorProto.Types.DataType.Int64, input.Type.TensorType.ElemType);
                Assert.Equal(new[] { "batch", "time" }, Dimensions(input));
                Assert.Equal(new[] { "batch", "?", "3" }, Dimensions(proto.Graph.Output.Single()));
                Assert.Contains(proto.Graph.Node, n => n.OpType == "LSTM" && n.Input.Count == 5 && n.Input[4].Length > 0); // sequence_lens from the mask
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void The_stateful_graph_declares_each_recurrent_layers_state_as_inputs_and_outputs_of_batch_by_directions_times_units()
        {
            using var model = new ModuleModels.StackedModel(5); // SimpleRnn(32), Lstm(24), Gru(16), Dense, Dense
            using var g = LayerTesting.Seeded(8);
            using var tagger = new ModuleModels.Tagger(5);      // ids → Embedding(MaskZero) → bidirectional Lstm(6) → Dense
            string folder = OnnxTesting.TempFolder();
            try
            {
                string path = Path.Combine(folder, "stacked.onnx");
                model.ExportOnnx(path, withState: true);
                var proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
                Assert.Equal(new[] { "input", "state.simple_rnn.h", "state.lstm.h", "state.lstm.c", "state.gru.h" }, proto.Graph.Input.Select(v => v.Name));
                Assert.Equal(new[] { "output", "final_state.simple_rnn.h", "final_state.lstm.h", "final_state.lstm.c", "final_state.gru.h" },
                    proto.Graph.Output.Select(v => v.Name));
                Assert.Equal(new[] { "batch", "28", "28" }, Dimensions(proto.Graph.Input[0]));
                Assert.Equal(new[] { new[] { "batch", "32" }, new[] { "batch", "24" }, new[] { "batch", "24" }, new[] { "batch", "16" } },
                    proto.Graph.Input.Skip(1).Select(Dimensions));
                Assert.Equal(proto.Graph.Input.Skip(1).Select(Dimensions), proto.Graph.Output.Skip(1).Select(Dimensions));
                Assert.Contains(proto.Graph.Node, n => n.OpType == "LSTM" && n.Input.Count == 7 && n.Input[4] == "" && n.Output.Count == 3); // no mask: no sequence_lens

                string tokens = Path.Combine(folder, "tagger.onnx");
                tagger.ExportOnnx(tokens, withState: true);
                proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(tokens));
                Assert.Equal(new[] { "input", "state.bidirectional.h", "state.bidirectional.c" }, proto.Graph.Input.Select(v => v.Name));
                Assert.Equal(new[] { "batch", "time" }, Dimensions(proto.Graph.Input[0]));
                Assert.Equal(new[] { "batch", "12" }, Dimensions(proto.Graph.Input[1])); // 6 forward units, then 6 backward
                Assert.Contains(proto.Graph.Node, n => n.OpType == "LSTM" && n.Input[4].Length > 0 && n.Input.Count == 7);

                using var scope = NewDisposeScope();
                var x = LayerTesting.Random(g, 2, 28, 28);
                var fromZeros = OnnxTesting.Run(path, x, OnnxTesting.StateNames(model), model.InitialState(2).Layers.SelectMany(l => l.Tensors).ToArray()).Output;
                Assert.True(LayerTesting.MaxDifference(OnnxTesting.Forward(model, x), fromZeros) < 1e-4); // zero states give Forward
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void A_model_without_recurrent_layers_has_no_state_to_export_and_writes_nothing()
        {
            using var g = LayerTesting.Seeded(6);
            using var model = new ModuleModel("Small", new Shape(null, 3, 2), new Layer[] { new Dense("dense", 2, 2, Activation.Tanh, g) });
            string folder = OnnxTesting.TempFolder();
            try
            {
                var e = Assert.Throws<ArgumentException>(() => model.ExportOnnx(Path.Combine(folder, "small.onnx"), withState: true));
                Assert.Equal("withState", e.ParamName);
                Assert.StartsWith("Small has no recurrent layer (SimpleRnn, Lstm, Gru), so it has no state to export; export it with withState: false.", e.Message);
                Assert.Empty(Directory.GetFileSystemEntries(folder));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void A_model_without_layer_modules_cannot_export()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            string path = Path.Combine(Path.GetTempPath(), "rnn-never-" + Guid.NewGuid().ToString("N") + ".onnx");
            var e = Assert.Throws<NotSupportedException>(() => model.ExportOnnx(path));
            Assert.Contains("test_rnn was not generated by this version of Rnn.Generators", e.Message);
            Assert.False(File.Exists(path));
        }

        [Fact]
        public void A_layer_kind_without_an_export_fails_naming_the_layer_and_writes_nothing()
        {
            using var g = LayerTesting.Seeded(4);
            using var model = new ModuleModel("Custom", new Shape(null, 3, 2),
                new Layer[] { new Dense("dense", 2, 2, Activation.None, g), new Doubler("doubler") });
            string folder = OnnxTesting.TempFolder();
            try
            {
                string path = Path.Combine(folder, "custom.onnx");
                var e = Assert.Throws<NotSupportedException>(() => model.ExportOnnx(path));
                Assert.Equal("doubler (Doubler) cannot be exported to ONNX: its layer kind has no ONNX export.", e.Message);
                Assert.Empty(Directory.GetFileSystemEntries(folder));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void Export_replaces_an_existing_file_and_leaves_no_temporary_file()
        {
            using var g = LayerTesting.Seeded(6);
            using var model = new ModuleModel("Small", new Shape(null, 3, 2), new Layer[] { new Dense("dense", 2, 2, Activation.Tanh, g) });
            string folder = OnnxTesting.TempFolder();
            try
            {
                string path = Path.Combine(folder, "small.onnx");
                File.WriteAllText(path, "old");
                model.ExportOnnx(path);
                Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(folder));
                using var x = LayerTesting.Random(g, 2, 3, 2);
                Assert.True(LayerTesting.MaxDifference(OnnxTesting.Forward(model, x), OnnxTesting.Run(path, x)) < 1e-5);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static string[] Dimensions(global::Onnx.ValueInfoProto value) =>
            value.Type.TensorType.Shape.Dim.Select(d => d.HasDimValue ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : d.HasDimParam ? d.DimParam : "?").ToArray();

        /// <summary>A user-defined layer kind with no ONNX export.</summary>
        private sealed class Doubler : Layer
        {
            public Doubler(string name) : base(name) { }

            public override LayerOutput Forward(Tensor input, Tensor? mask) => new(input * 2, mask);
        }
    }
}
