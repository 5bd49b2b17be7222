using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Google.Protobuf;
using Rnn.Modules;
using Rnn.Runtime.Tests.LayerModules;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Onnx
{
    /// <summary>
    /// The gate orders: the exported LSTM and GRU follow the PyTorch equations step by step in ONNX Runtime, and the same
    /// files with PyTorch's gate order (LSTM ifgo instead of iofc, GRU rzn instead of zrh) or without
    /// <c>linear_before_reset</c> do not.
    /// </summary>
    public class OnnxGateOrderTests
    {
        private const long Batch = 3, Time = 5, InputSize = 3, Units = 4;

        [Fact]
        public void Exported_LSTM_follows_the_LSTM_equations_and_PyTorch_gate_order_would_not()
        {
            using var g = LayerTesting.Seeded(41);
            var layer = new Lstm("lstm", InputSize, Units, false, false, MergeMode.Concat, 0, g);
            RandomModel.RandomizeBiases(layer, g);
            using var model = new ModuleModel("LstmGates", new Shape(null, (int)Time, (int)InputSize), new Layer[] { layer });
            using var x = LayerTesting.Random(g, Batch, Time, InputSize);
            using var expected = LstmByHand(Parameters(layer), x);
            Assert.True(LayerTesting.MaxDifference(expected, OnnxTesting.Forward(model, x)) < 1e-5, "the hand computation is not TorchSharp's LSTM");

            string folder = OnnxTesting.TempFolder();
            try
            {
                string path = Path.Combine(folder, "lstm.onnx");
                model.ExportOnnx(path);
                Assert.True(LayerTesting.MaxDifference(expected, OnnxTesting.Run(path, x)) < 1e-5);

                // ONNX blocks i, o, f, c back to PyTorch's i, f, g, o: what an exporter that ignored the gate order would write.
                string pytorchOrder = Mutate(path, folder, model => Reorder(model, "lstm", new[] { 0, 2, 3, 1 }));
                Assert.True(LayerTesting.MaxDifference(expected, OnnxTesting.Run(pytorchOrder, x)) > 1e-2);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void Exported_GRU_follows_PyTorch_GRU_equations_and_neither_PyTorch_gate_order_nor_reset_before_the_product_would()
        {
            using var g = LayerTesting.Seeded(42);
            var layer = new Gru("gru", InputSize, Units, false, false, MergeMode.Concat, 0, g);
            RandomModel.RandomizeBiases(layer, g);
            using var model = new ModuleModel("GruGates", new Shape(null, (int)Time, (int)InputSize), new Layer[] { layer });
            using var x = LayerTesting.Random(g, Batch, Time, InputSize);
            using var expected = GruByHand(Parameters(layer), x);
            Assert.True(LayerTesting.MaxDifference(expected, OnnxTesting.Forward(model, x)) < 1e-5, "the hand computation is not TorchSharp's GRU");

            string folder = OnnxTesting.TempFolder();
            try
            {
                string path = Path.Combine(folder, "gru.onnx");
                model.ExportOnnx(path);
                Assert.True(LayerTesting.MaxDifference(expected, OnnxTesting.Run(path, x)) < 1e-5);

                string resetBefore = Mutate(path, folder, model =>
                    model.Graph.Node.Single(n => n.OpType == "GRU").Attribute.Single(a => a.Name == "linear_before_reset").I = 0);
                Assert.True(LayerTesting.MaxDifference(expected, OnnxTesting.Run(resetBefore, x)) > 1e-3);

                string pytorchOrder = Mutate(path, folder, model => Reorder(model, "gru", new[] { 1, 0, 2 })); // ONNX z, r, h back to r, z, n
                Assert.True(LayerTesting.MaxDifference(expected, OnnxTesting.Run(pytorchOrder, x)) > 1e-2);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static Dictionary<string, Tensor> Parameters(nn.Module layer) =>
            layer.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach());

        /// <summary>PyTorch's LSTM, gates i, f, g, o stacked in that order: c = f c + i g, h = o tanh(c).</summary>
        private static Tensor LstmByHand(Dictionary<string, Tensor> p, Tensor x)
        {
            using var scope = NewDisposeScope();
            var h = zeros(Batch, Units);
            var c = zeros(Batch, Units);
            for (long t = 0; t < Time; t++)
            {
                var gates = x.select(1, t).matmul(p["weight_ih_l0"].t()) + p["bias_ih_l0"] + h.matmul(p["weight_hh_l0"].t()) + p["bias_hh_l0"];
                var chunks = gates.chunk(4, 1);
                var (i, f, cell, o) = (chunks[0].sigmoid(), chunks[1].sigmoid(), chunks[2].tanh(), chunks[3].sigmoid());
                c = f * c + i * cell;
                h = o * c.tanh();
            }
            return h.MoveToOuterDisposeScope();
        }

        /// <summary>PyTorch's GRU, gates r, z, n: n = tanh(W_in x + b_in + r (W_hn h + b_hn)), h = (1 − z) n + z h.</summary>
        private static Tensor GruByHand(Dictionary<string, Tensor> p, Tensor x)
        {
            using var scope = NewDisposeScope();
            var h = zeros(Batch, Units);
            for (long t = 0; t < Time; t++)
            {
                var input = (x.select(1, t).matmul(p["weight_ih_l0"].t()) + p["bias_ih_l0"]).chunk(3, 1);
                var hidden = (h.matmul(p["weight_hh_l0"].t()) + p["bias_hh_l0"]).chunk(3, 1);
                var r = (input[0] + hidden[0]).sigmoid();
                var z = (input[1] + hidden[1]).sigmoid();
                var n = (input[2] + r * hidden[2]).tanh();
                h = n + z * (h - n);
            }
            return h.MoveToOuterDisposeScope();
        }

        /// <summary>A copy of the ONNX file at <paramref name="path"/> changed by <paramref name="change"/>.</summary>
        private static string Mutate(string path, string folder, Action<global::Onnx.ModelProto> change)
        {
            var model = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
            change(model);
            string mutated = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".onnx");
            File.WriteAllBytes(mutated, model.ToByteArray());
            return mutated;
        }

        /// <summary>Puts gate block <c>order[k]</c> of W, R and both halves of B at block k.</summary>
        private static void Reorder(global::Onnx.ModelProto model, string layer, int[] order)
        {
            foreach (var initializer in model.Graph.Initializer.Where(i => i.Name is var n && (n == layer + ".W" || n == layer + ".R" || n == layer + ".B")))
            {
                float[] data = initializer.FloatData.ToArray();
                int blocks = order.Length * (initializer.Name.EndsWith(".B", StringComparison.Ordinal) ? 2 : 1);
                int size = data.Length / blocks;
                var result = new float[data.Length];
                for (int b = 0; b < blocks; b++)
                    Array.Copy(data, (b / order.Length * order.Length + order[b % order.Length]) * size, result, b * size, size);
                initializer.FloatData.Clear();
                initializer.FloatData.AddRange(result);
            }
        }
    }
}
