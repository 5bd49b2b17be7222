using System;
using System.Linq;
using Rnn.Modules;
using TorchSharp;
using Xunit;
using static Rnn.Runtime.Tests.LayerModules.LayerTesting;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>
    /// Dense, Embedding, Masking, Dropout, global pooling and LayerNormalization against real TorchSharp tensors, and what
    /// every kind shares (attention's own tests are in <see cref="AttentionTests"/>).
    /// </summary>
    public class LayerKindsTests
    {
        [Fact]
        public void Dense_acts_on_the_last_axis_with_Linear_names_and_passes_the_mask()
        {
            using var g = Seeded(31);
            using var dense = new Dense("dense", 6, 4, Activation.Relu, g);
            Assert.Equal(new[] { "weight", "bias" }, Names(dense));
            Assert.Equal(6 * 4 + 4, Count(dense));
            using var scope = NewDisposeScope();
            var x = Random(g, 2, 5, 6);
            var mask = Mask(5, 5, 2);
            var (y, outputMask) = dense.Forward(x, mask);
            Assert.Equal(new long[] { 2, 5, 4 }, y.shape);
            Assert.Same(mask, outputMask);
            var p = dense.named_parameters().ToDictionary(n => n.name, n => n.parameter);
            Assert.True(MaxDifference(y, nn.functional.relu(x.matmul(p["weight"].t()) + p["bias"])) <= 1e-6);
            double limit = Math.Sqrt(6.0 / 10);
            Assert.InRange(p["weight"].abs().max().item<float>(), 0, limit + 1e-6);
            Assert.Equal(0f, p["bias"].abs().sum().item<float>());
        }

        [Fact]
        public void Embedding_looks_up_ids_and_masks_id_zero()
        {
            using var g = Seeded(32);
            using var embedding = new Embedding("embedding", 10, 3, true, g);
            Assert.Equal(new[] { "weight" }, Names(embedding));
            var weight = embedding.named_parameters().Single().parameter;
            Assert.Equal(new long[] { 10, 3 }, weight.shape);
            Assert.InRange(weight.abs().max().item<float>(), 0.03, 0.05); // Keras: uniform(-0.05, 0.05)
            using var scope = NewDisposeScope();
            var ids = tensor(new long[] { 4, 9, 0, 0, 1, 2, 3, 0 }, new long[] { 2, 4 });
            var (y, mask) = embedding.Forward(ids, null);
            Assert.Equal(new long[] { 2, 4, 3 }, y.shape);
            Assert.Equal(0.0, MaxDifference(y[1, 2], weight[3]));
            Assert.Equal(new[] { true, true, false, false, true, true, true, false }, mask!.data<bool>().ToArray());

            using var noMask = new Embedding("embedding_1", 10, 3, false, g);
            Assert.Null(noMask.Forward(ids, null).Mask);
        }

        [Theory]
        [InlineData(10L, "got id 10, outside the vocabulary [0, 10)")]
        [InlineData(-1L, "got id -1, outside the vocabulary [0, 10)")]
        public void Embedding_rejects_ids_outside_the_vocabulary(long id, string message)
        {
            using var embedding = new Embedding("embedding", 10, 3, false, null);
            using var ids = tensor(new long[] { 1, id, 2 }, new long[] { 1, 3 });
            var e = Assert.Throws<ArgumentException>(() => embedding.Forward(ids, null));
            Assert.Equal("input", e.ParamName);
            Assert.Contains("embedding (Embedding) " + message, e.Message);
            Assert.NotNull(e.InnerException); // libtorch's own bounds check caught it: the lookup never reads outside the table
            using var floats = zeros(1, 3);
            e = Assert.Throws<ArgumentException>(() => embedding.Forward(floats, null));
            Assert.Contains("expects int64 ids [batch, time] but got Float32 [1, 3]", e.Message);
        }

        [Fact]
        public void Masking_zeroes_padded_steps_and_marks_them()
        {
            using var masking = new Masking("masking", -1.0);
            using var scope = NewDisposeScope();
            var x = tensor(new float[] { 1, 2, -1, -1, -1, 3, /* second */ -1, -1, 0, 0, -1, -1 }, new long[] { 2, 3, 2 });
            var (y, mask) = masking.Forward(x, null);
            Assert.Equal(new[] { true, false, true, false, true, false }, mask!.data<bool>().ToArray());
            Assert.Equal(new float[] { 1, 2, 0, 0, -1, 3, 0, 0, 0, 0, 0, 0 }, y.data<float>().ToArray());
        }

        [Fact]
        public void Dropout_drops_in_training_only_and_passes_the_mask()
        {
            using var dropout = new Dropout("dropout", 0.5);
            using var scope = NewDisposeScope();
            var x = ones(4, 10, 8);
            var mask = Mask(10, 10, 3, 4, 5);
            dropout.eval();
            var (evaluated, evalMask) = dropout.Forward(x, mask);
            Assert.Same(x, evaluated);
            Assert.Same(mask, evalMask);
            dropout.train();
            var (trained, trainMask) = dropout.Forward(x, mask);
            Assert.Same(mask, trainMask);
            Assert.True(trained.eq(0).logical_or(trained.eq(2)).all().item<bool>());
            Assert.InRange(trained.eq(0).sum().item<long>(), 80, 240); // about half of 320
            Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout("dropout", 1.0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout("dropout", -0.1));
        }

        [Fact]
        public void Global_average_pooling_averages_real_steps_only()
        {
            using var g = Seeded(33);
            using var pooling = new GlobalAveragePooling1D("global_average_pooling1d");
            using var scope = NewDisposeScope();
            var x = Random(g, 3, 6, 4) + 10; // padding far from the real values
            var (masked, mask) = pooling.Forward(x, Mask(6, 6, 2, 4));
            Assert.Null(mask);
            Assert.Equal(new long[] { 3, 4 }, masked.shape);
            Assert.True(MaxDifference(masked[1], x[1, ..2, ..].mean(new long[] { 0 })) <= 1e-6);
            Assert.True(MaxDifference(masked[2], x[2, ..4, ..].mean(new long[] { 0 })) <= 1e-6);
            Assert.True(MaxDifference(pooling.Forward(x, null).Output, x.mean(new long[] { 1 })) <= 1e-6);
        }

        [Fact]
        public void Global_max_pooling_ignores_padding()
        {
            using var g = Seeded(34);
            using var pooling = new GlobalMaxPooling1D("global_max_pooling1d");
            using var scope = NewDisposeScope();
            var x = Random(g, 2, 5, 3);
            x[1, 3.., ..] = full(2, 3, 100f); // padding that would win the maximum
            var (masked, mask) = pooling.Forward(x, Mask(5, 5, 3));
            Assert.Null(mask);
            Assert.Equal(0.0, MaxDifference(masked[1], x[1, ..3, ..].amax(new long[] { 0 })));
            Assert.Equal(100f, pooling.Forward(x, null).Output[1].min().item<float>());
        }

        [Fact]
        public void LayerNormalization_normalises_the_last_axis_with_Keras_epsilon()
        {
            using var g = Seeded(35);
            using var norm = new LayerNormalization("layer_normalization", 6);
            Assert.Equal(new[] { "weight", "bias" }, Names(norm));
            Assert.Equal(12, Count(norm));
            using var scope = NewDisposeScope();
            var x = Random(g, 2, 4, 6) * 0.05; // small variance: epsilon 1e-3 (Keras) vs 1e-5 (PyTorch) matters
            var mask = Mask(4, 4, 2);
            var (y, outputMask) = norm.Forward(x, mask);
            Assert.Same(mask, outputMask);
            var mean = x.mean(new long[] { -1 }, keepdim: true);
            var variance = (x - mean).square().mean(new long[] { -1 }, keepdim: true);
            Assert.True(MaxDifference(y, (x - mean) / (variance + 1e-3).sqrt()) <= 1e-5);
        }

        [Fact]
        public void Mask_flows_from_Embedding_through_sequences_and_Dense_and_stops_at_Conv1D()
        {
            using var g = Seeded(36);
            using var embedding = new Embedding("embedding", 20, 4, true, g);
            using var lstm = new Lstm("lstm", 4, 5, true, false, MergeMode.Concat, 0, g);
            using var dense = new Dense("dense", 5, 3, Activation.None, g);
            using var conv = new Conv1D("conv1d", 3, 2, 2, 1, 1, WindowPadding.Same, Activation.None, g);
            using var final = new Gru("gru", 3, 2, false, false, MergeMode.Concat, 0, g);
            using var scope = NewDisposeScope();
            var ids = tensor(new long[] { 3, 4, 5, 0, 0, 7, 8, 9, 10, 11 }, new long[] { 2, 5 });
            var (e, m1) = embedding.Forward(ids, null);
            var (s, m2) = lstm.Forward(e, m1);
            var (d, m3) = dense.Forward(s, m2);
            Assert.NotNull(m3);
            Assert.True(m3!.eq(ids.ne(0)).all().item<bool>());
            Assert.Equal(0f, d[0, 3..].sub(dense.Forward(zeros(2, 5), null).Output[0]).abs().max().item<float>()); // padded steps: Dense of zeros
            Assert.Null(conv.Forward(d, m3).Mask);
            Assert.Null(final.Forward(d, m3).Mask);
        }

        public static TheoryData<string, Func<Generator, Layer>> Kinds() => new()
        {
            { "SimpleRnn", g => new SimpleRnn("simple_rnn", 4, 3, Activation.Tanh, true, true, MergeMode.Average, 0.2, g) },
            { "Lstm", g => new Lstm("lstm", 4, 3, true, false, MergeMode.Concat, 0.1, g) },
            { "Gru", g => new Gru("gru", 4, 3, false, true, MergeMode.Sum, 0, g) },
            { "Dense", g => new Dense("dense", 4, 3, Activation.Softmax, g) },
            { "Embedding", g => new Embedding("embedding", 9, 4, true, g) },
            { "Conv1D", g => new Conv1D("conv1d", 4, 3, 2, 1, 1, WindowPadding.Causal, Activation.None, g) },
            { "LayerNormalization", _ => new LayerNormalization("layer_normalization", 4) },
            { "Masking", _ => new Masking("masking", 0) },
            { "Dropout", _ => new Dropout("dropout", 0.5) },
            { "MaxPooling1D", _ => new MaxPooling1D("max_pooling1d", 2, 2, WindowPadding.Same) },
            { "GlobalAveragePooling1D", _ => new GlobalAveragePooling1D("global_average_pooling1d") },
            { "GlobalMaxPooling1D", _ => new GlobalMaxPooling1D("global_max_pooling1d") },
            { "Attention", _ => new Attention("attention", true, true, 0.1) },
            { "AdditiveAttention", g => new AdditiveAttention("additive_attention", 4, true, false, 0.1, g) },
        };

        [Theory]
        [MemberData(nameof(Kinds))]
        public void Constructing_a_layer_leaves_only_its_parameters_alive(string kind, Func<Generator, Layer> create)
        {
            using var g = Seeded(38);
            create(g).Dispose(); // warm-up
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            using var layer = create(g);
            Assert.True(before + layer.parameters().Count() == DisposeScopeManager.Statistics.ThreadTotalLiveCount, kind);
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public void A_layer_built_inside_a_dispose_scope_keeps_its_parameters(string kind, Func<Generator, Layer> create)
        {
            using var g = Seeded(39);
            using var outside = create(g);
            Layer layer;
            using (NewDisposeScope()) layer = create(g);
            using (layer)
            {
                // parameters() skips disposed tensors, so a lost parameter shows as a shorter list
                Assert.Equal(Names(outside), Names(layer));
                Assert.All(layer.parameters(), p => Assert.False(p.IsInvalid, kind));
                using var scope = NewDisposeScope();
                var input = kind == "Embedding" ? ones(new long[] { 2, 4 }, ScalarType.Int64) : Random(g, 2, 4, 4);
                if (Names(layer).Length == 0) return;
                layer.Forward(input, null).Output.sum().backward(); // the parameters still take part in the computation
                Assert.All(layer.parameters(), p => Assert.NotNull(p.grad));
            }
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public void Every_kind_leaves_only_its_output_alive(string kind, Func<Generator, Layer> create)
        {
            using var g = Seeded(37);
            using var layer = create(g);
            using var x = kind == "Embedding" ? ones(new long[] { 2, 5 }, ScalarType.Int64) : Random(g, 2, 5, 4);
            using var mask = Mask(5, 5, 3);
            layer.train();
            layer.Forward(x, mask).Output.Dispose(); // warm-up
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var (output, outputMask) = layer.Forward(x, mask);
            long created = outputMask is null || ReferenceEquals(outputMask, mask) ? 1 : 2;
            Assert.True(before + created == DisposeScopeManager.Statistics.ThreadTotalLiveCount, kind);
            output.Dispose();
            if (!ReferenceEquals(outputMask, mask)) outputMask?.Dispose();
        }
    }
}
