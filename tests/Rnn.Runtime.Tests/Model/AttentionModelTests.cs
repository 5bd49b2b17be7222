using System;
using System.IO;
using System.Linq;
using TorchSharp;
using Xunit;
using static Rnn.Runtime.Tests.LayerModules.LayerTesting;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Model
{
    /// <summary>A generated self-attention classifier over padded token ids.</summary>
    [Input(Dim.Variable)]
    [Embedding(20, 6, MaskZero = true)]
    [Gru(6, ReturnSequences = true)]
    [Attention(UseScale = true)]
    [AdditiveAttention(Causal = true)]
    [GlobalAveragePooling1D]
    [Dense(3)]
    public partial class AttendingClassifier { }

    /// <summary>Generated models with attention layers: metadata, masks, the recorded weights, weights files and export.</summary>
    public class AttentionModelTests
    {
        /// <summary>Ids [3, 7]: lengths 7, 4 and 2, padded with 0.</summary>
        private static Tensor Ids(Generator g)
        {
            var ids = randint(1, 20, new long[] { 3, 7 }, generator: g);
            ids[1, 4..] = zeros(3, ScalarType.Int64);
            ids[2, 2..] = zeros(5, ScalarType.Int64);
            return ids;
        }

        [Fact]
        public void Shapes_parameter_counts_and_summary_rows_are_known_at_compile_time()
        {
            using var model = new AttendingClassifier(1);
            Assert.Equal(new[] { "embedding", "gru", "attention", "additive_attention", "global_average_pooling1d", "dense" },
                AttendingClassifier.Architecture.Select(l => l.Name));
            Assert.Equal(new[] { "(None, None, 6)", "(None, None, 6)", "(None, None, 12)", "(None, None, 24)", "(None, 24)", "(None, 3)" },
                AttendingClassifier.Architecture.Select(l => l.OutputShape.ToString()));
            // Embedding 20·6; Gru 3·(6·(6 + 6) + 2·6); Attention one scalar scale; AdditiveAttention a scale per feature (12); Dense 24·3 + 3.
            Assert.Equal(new long[] { 120, 252, 1, 12, 0, 75 }, AttendingClassifier.Architecture.Select(l => l.ParameterCount));
            Assert.Equal(460L, AttendingClassifier.ParameterCount);
            Assert.Equal(460L, model.parameters().Sum(p => p.numel()));
            Assert.Contains("attention.scale", model.named_parameters().Select(p => p.name));
            Assert.Contains("additive_attention.scale", model.named_parameters().Select(p => p.name));
            string summary = model.Summary();
            Assert.Contains("attention (Attention)", summary);
            Assert.Contains("│ additive_attention (AdditiveAtte… │ (None, None, 24)         │              12 │", summary); // 33 characters at most, as Keras cuts them
        }

        [Fact]
        public void A_padded_sequence_gives_what_it_gives_alone()
        {
            using var g = Seeded(71);
            using var model = new AttendingClassifier(2);
            using var scope = NewDisposeScope();
            var ids = Ids(g);
            var batch = model.Forward(ids);
            var longer = model.Forward(cat(new[] { ids, zeros(new long[] { 3, 4 }, ScalarType.Int64) }, 1));
            Assert.True(MaxDifference(batch, longer) <= 1e-5);
            foreach (var (row, length) in new[] { (1, 4), (2, 2) })
                Assert.True(MaxDifference(batch[row..(row + 1)], model.Forward(ids[row..(row + 1), ..length])) <= 1e-5, $"row {row}");
        }

        [Fact]
        public void The_last_weights_are_read_by_layer_name_after_Predict_and_training_records_none()
        {
            using var g = Seeded(72);
            using var model = new AttendingClassifier(3);
            using var scope = NewDisposeScope();
            var ids = Ids(g);
            var y = tensor(new long[] { 0, 1, 2 });
            Assert.Empty(model.LastAttentionWeights());
            model.Fit(ids, y, epochs: 2, batchSize: 3, verbose: 0);
            // Fit runs one sample without gradients to learn the output shape; its training steps, with gradients, record nothing.
            Assert.All(model.LastAttentionWeights().Values, w => Assert.Equal(new long[] { 1, 7, 7 }, w.shape));

            model.Predict(ids, batchSize: 3);
            var weights = model.LastAttentionWeights();
            Assert.Equal(new[] { "additive_attention", "attention" }, weights.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.All(weights.Values, w => Assert.Equal(new long[] { 3, 7, 7 }, w.shape));
            var causal = weights["additive_attention"];
            Assert.Equal(0f, causal[0].triu(1).abs().max().item<float>()); // no step sees a later step
            Assert.Equal(0f, weights["attention"][1, .., 4..].abs().max().item<float>()); // padding gets no weight
            Assert.Equal(0f, weights["attention"][1, 4.., ..].abs().max().item<float>()); // nor do padded query steps give any
        }

        [Fact]
        public void Weights_files_keep_the_scales()
        {
            using var g = Seeded(73);
            string folder = Path.Combine(Path.GetTempPath(), "rnn-attention-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                using var model = new AttendingClassifier(4);
                using (no_grad())
                    foreach (var (_, p) in model.named_parameters().Where(p => p.name.EndsWith("scale", StringComparison.Ordinal)))
                        p.copy_(Random(g, p.shape));
                using var scope = NewDisposeScope();
                var ids = Ids(g);
                var expected = model.Forward(ids);
                foreach (string extension in new[] { ".pt", ".safetensors", ".rnnw" })
                {
                    string path = Path.Combine(folder, "model" + extension);
                    model.SaveWeights(path);
                    using var loaded = new AttendingClassifier(5);
                    Assert.True(MaxDifference(loaded.Forward(ids), expected) > 1e-4, extension); // other weights before loading
                    loaded.LoadWeights(path);
                    Assert.Equal(0.0, MaxDifference(loaded.Forward(ids), expected));
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void ForwardWithState_runs_through_the_attention_layers()
        {
            using var g = Seeded(74);
            using var model = new AttendingClassifier(6);
            using var scope = NewDisposeScope();
            var ids = Ids(g);
            var (output, state) = model.ForwardWithState(ids);
            Assert.Equal(0.0, MaxDifference(output, model.Forward(ids)));
            Assert.Equal(new long[] { 3, 6 }, state.Gru.H.shape);
        }

        [Fact]
        public void The_exported_graph_runs_in_OnnxRuntime_as_Forward_with_padded_rows()
        {
            using var g = Seeded(75);
            using var model = new AttendingClassifier(8);
            model.eval();
            string folder = Onnx.OnnxTesting.TempFolder();
            try
            {
                string path = Path.Combine(folder, "attending.onnx");
                model.ExportOnnx(path);
                using var scope = NewDisposeScope();
                var ids = Ids(g);
                var expected = Onnx.OnnxTesting.Forward(model, ids);
                var actual = Onnx.OnnxTesting.Run(path, ids);
                Assert.Equal(expected.shape, actual.shape);
                double difference = MaxDifference(expected, actual);
                Assert.True(difference < 1e-4, $"max |ONNX Runtime − Forward| {difference:G3}");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
