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
    /// Attention and AdditiveAttention: Keras's equations worked by hand and against a plain loop in double precision,
    /// masks, padding, causal masking, attending over a memory, the recorded weights, parameters and dispose scopes.
    /// </summary>
    public class AttentionTests
    {
        private static readonly double E1 = Math.Exp(1), E2 = Math.Exp(2);

        /// <summary>One sequence of two steps with one feature, x = [1, 2]: query, key and value at once.</summary>
        private static Tensor OneTwo() => tensor(new float[] { 1, 2 }, new long[] { 1, 2, 1 });

        private static void SetScale(Layer layer, params float[] values)
        {
            using var noGrad = no_grad();
            var scale = layer.named_parameters().Single(p => p.name == "scale").parameter;
            scale.copy_(tensor(values).reshape(scale.shape));
        }

        private static double[] Values(Tensor t) => t.to_type(ScalarType.Float64).data<double>().ToArray();

        [Fact]
        public void Dot_scores_by_hand()
        {
            using var attention = new Attention("attention", false, false, 0);
            using var scope = NewDisposeScope();
            var x = OneTwo();
            // Scores q·k: [[1, 2], [2, 4]]; the softmax of each row weighs the values 1 and 2.
            double context0 = (E1 * 1 + E2 * 2) / (E1 + E2);
            double context1 = (E2 * 1 + Math.Exp(4) * 2) / (E2 + Math.Exp(4));
            var (y, mask) = attention.Forward(x, null);
            Assert.Null(mask);
            Assert.Equal(new long[] { 1, 2, 2 }, y.shape); // the query, then the context
            Assert.Equal(new[] { 1, context0, 2, context1 }, Values(y), Tolerance(1e-6));
        }

        [Fact]
        public void Dot_scores_by_hand_with_a_learned_scale()
        {
            using var attention = new Attention("attention", true, false, 0);
            SetScale(attention, 0.5f);
            using var scope = NewDisposeScope();
            // Scores 0.5 q·k: [[0.5, 1], [1, 2]].
            double context0 = (Math.Exp(0.5) * 1 + E1 * 2) / (Math.Exp(0.5) + E1);
            double context1 = (E1 * 1 + E2 * 2) / (E1 + E2);
            Assert.Equal(new[] { 1, context0, 2, context1 }, Values(attention.Forward(OneTwo(), null).Output), Tolerance(1e-6));
        }

        [Fact]
        public void Causal_dot_scores_by_hand()
        {
            using var attention = new Attention("attention", false, true, 0);
            using var scope = NewDisposeScope();
            // Step 0 sees only itself (context 1); step 1 sees both, as without Causal.
            double context1 = (E2 * 1 + Math.Exp(4) * 2) / (E2 + Math.Exp(4));
            Assert.Equal(new[] { 1, 1, 2, context1 }, Values(attention.Forward(OneTwo(), null).Output), Tolerance(1e-6));
        }

        [Fact]
        public void Additive_scores_by_hand_without_a_scale()
        {
            using var attention = new AdditiveAttention("additive_attention", 1, false, false, 0, null);
            Assert.Empty(attention.parameters());
            using var scope = NewDisposeScope();
            // Scores tanh(q + k): [[tanh 2, tanh 3], [tanh 3, tanh 4]].
            double t2 = Math.Exp(Math.Tanh(2)), t3 = Math.Exp(Math.Tanh(3)), t4 = Math.Exp(Math.Tanh(4));
            double context0 = (t2 * 1 + t3 * 2) / (t2 + t3);
            double context1 = (t3 * 1 + t4 * 2) / (t3 + t4);
            Assert.Equal(new[] { 1, context0, 2, context1 }, Values(attention.Forward(OneTwo(), null).Output), Tolerance(1e-6));
        }

        [Fact]
        public void Additive_scores_by_hand_with_a_scale_and_causal()
        {
            using var plain = new AdditiveAttention("additive_attention", 1, true, false, 0, null);
            using var causal = new AdditiveAttention("additive_attention_1", 1, true, true, 0, null);
            SetScale(plain, -3f);
            SetScale(causal, -3f);
            using var scope = NewDisposeScope();
            // Scores −3 tanh(q + k).
            double s2 = Math.Exp(-3 * Math.Tanh(2)), s3 = Math.Exp(-3 * Math.Tanh(3)), s4 = Math.Exp(-3 * Math.Tanh(4));
            double context0 = (s2 * 1 + s3 * 2) / (s2 + s3);
            double context1 = (s3 * 1 + s4 * 2) / (s3 + s4);
            Assert.Equal(new[] { 1, context0, 2, context1 }, Values(plain.Forward(OneTwo(), null).Output), Tolerance(1e-6));
            Assert.Equal(new[] { 1, 1, 2, context1 }, Values(causal.Forward(OneTwo(), null).Output), Tolerance(1e-6));
        }

        public static TheoryData<bool, bool, bool> Options()
        {
            var data = new TheoryData<bool, bool, bool>();
            foreach (bool additive in new[] { false, true })
                foreach (bool useScale in new[] { false, true })
                    foreach (bool causal in new[] { false, true })
                        data.Add(additive, useScale, causal);
            return data;
        }

        private static AttentionLayer Create(bool additive, bool useScale, bool causal, long features, Generator? g, double dropout = 0) =>
            additive
                ? new AdditiveAttention("additive_attention", features, useScale, causal, dropout, g)
                : new Attention("attention", useScale, causal, dropout);

        /// <summary>Gives a scale random values (a Keras scale starts at 1 or small), so the test sees it used.</summary>
        private static void RandomScale(AttentionLayer layer, Generator g)
        {
            using var noGrad = no_grad();
            foreach (var (_, p) in layer.named_parameters()) p.copy_(Random(g, p.shape).mul_(1.5));
        }

        [Theory]
        [MemberData(nameof(Options))]
        public void Attend_over_a_masked_memory_is_the_reference_loop(bool additive, bool useScale, bool causal)
        {
            using var g = Seeded(61);
            using var layer = Create(additive, useScale, causal, 3, g);
            RandomScale(layer, g);
            using var scope = NewDisposeScope();
            var query = Random(g, 3, 4, 3) * 2;
            var memory = Random(g, 3, 5, 3) * 2;
            var queryMask = Mask(4, 4, 2, 3);
            var memoryMask = Mask(5, 5, 3, 1);
            var (y, mask) = layer.Attend(query, queryMask, memory, memoryMask);
            Assert.Same(queryMask, mask);
            var expected = Reference(layer, query, queryMask, memory, memoryMask);
            Assert.True(MaxDifference(y, expected) <= 1e-5, $"max difference {MaxDifference(y, expected)}");
            var (unmasked, _) = layer.Attend(query, null, memory, null);
            Assert.True(MaxDifference(unmasked, Reference(layer, query, null, memory, null)) <= 1e-5);
        }

        /// <summary>
        /// Keras's equations in plain loops over doubles: scores (scale · q·k, or Σ scale · tanh(q + k)), a softmax over
        /// the value steps the query step may see, the query followed by the weighted values, zeros on padded query steps.
        /// </summary>
        private static Tensor Reference(AttentionLayer layer, Tensor query, Tensor? queryMask, Tensor memory, Tensor? memoryMask)
        {
            long batch = query.size(0), tq = query.size(1), tv = memory.size(1), f = query.size(2);
            double[] q = Values(query), v = Values(memory);
            var scaleParameter = layer.named_parameters().Select(p => p.parameter).SingleOrDefault();
            double[]? scale = scaleParameter is null ? null : Values(scaleParameter.detach());
            bool[]? qm = queryMask?.data<bool>().ToArray(), vm = memoryMask?.data<bool>().ToArray();
            var output = new double[batch * tq * 2 * f];
            for (long b = 0; b < batch; b++)
                for (long i = 0; i < tq; i++)
                {
                    if (qm is not null && !qm[b * tq + i]) continue; // a padded query step gives zeros
                    var scores = new double[tv];
                    var seen = new bool[tv];
                    for (long j = 0; j < tv; j++)
                    {
                        seen[j] = (vm is null || vm[b * tv + j]) && (!layer.Causal || j <= i);
                        double s = 0;
                        for (long k = 0; k < f; k++)
                        {
                            double qk = q[(b * tq + i) * f + k], vk = v[(b * tv + j) * f + k];
                            s += layer is AdditiveAttention ? (scale?[k] ?? 1) * Math.Tanh(qk + vk) : qk * vk;
                        }
                        scores[j] = layer is Attention && scale is not null ? scale[0] * s : s;
                    }
                    double max = Enumerable.Range(0, (int)tv).Where(j => seen[j]).Select(j => scores[j]).DefaultIfEmpty(0).Max();
                    double total = Enumerable.Range(0, (int)tv).Where(j => seen[j]).Sum(j => Math.Exp(scores[j] - max));
                    long at = (b * tq + i) * 2 * f;
                    for (long k = 0; k < f; k++)
                    {
                        output[at + k] = q[(b * tq + i) * f + k];
                        for (long j = 0; j < tv; j++)
                            if (seen[j]) output[at + f + k] += Math.Exp(scores[j] - max) / total * v[(b * tv + j) * f + k];
                    }
                }
            return tensor(output, new[] { batch, tq, 2 * f }).to_type(ScalarType.Float32);
        }

        [Theory]
        [MemberData(nameof(Options))]
        public void Each_padded_sequence_gives_its_output_alone_and_longer_padding_changes_nothing(bool additive, bool useScale, bool causal)
        {
            using var g = Seeded(62);
            using var layer = Create(additive, useScale, causal, 4, g);
            RandomScale(layer, g);
            using var scope = NewDisposeScope();
            long[] lengths = { 6, 4, 1 };
            var x = Random(g, 3, 6, 4) * 3;
            x[1, 4.., ..] = full(2, 4, 50f); // padding far from the real values
            x[2, 1.., ..] = full(5, 4, -50f);
            var mask = Mask(6, lengths);
            var (y, outputMask) = layer.Forward(x, mask);
            Assert.Same(mask, outputMask);
            for (int b = 0; b < 3; b++)
            {
                long length = lengths[b];
                var alone = layer.Forward(x[b..(b + 1), ..(int)length, ..], null).Output;
                Assert.True(MaxDifference(y[b..(b + 1), ..(int)length, ..], alone) <= 1e-5, $"row {b}");
                if (length < 6) Assert.Equal(0f, y[b, (int)length.., ..].abs().max().item<float>()); // padded steps: zeros
            }

            var longer = cat(new[] { x, full(3, 5, 4, 7f) }, 1); // five more padded steps
            var (yLonger, _) = layer.Forward(longer, Mask(11, lengths));
            Assert.True(MaxDifference(yLonger[.., ..6, ..], y) <= 1e-5);
            Assert.Equal(0f, yLonger[.., 6.., ..].abs().max().item<float>());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Padding_the_memory_longer_changes_no_output(bool additive)
        {
            using var g = Seeded(69);
            using var layer = Create(additive, true, false, 3, g);
            RandomScale(layer, g);
            using var scope = NewDisposeScope();
            var query = Random(g, 2, 4, 3);
            var memory = Random(g, 2, 5, 3);
            var memoryMask = Mask(5, 5, 2);
            var (y, _) = layer.Attend(query, null, memory, memoryMask);
            var longer = cat(new[] { memory, full(2, 6, 3, 9f) }, 1); // six more padded source steps
            var (yLonger, _) = layer.Attend(query, null, longer, Mask(11, 5, 2));
            Assert.True(MaxDifference(y, yLonger) <= 1e-5);
            var (alone, _) = layer.Attend(query[1..], null, memory[1.., ..2, ..], null); // the second source alone, unpadded
            Assert.True(MaxDifference(y[1..], alone) <= 1e-5);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_memory_without_a_real_step_gives_a_zero_context_and_finite_gradients(bool additive)
        {
            using var g = Seeded(63);
            using var layer = Create(additive, true, false, 3, g);
            using var scope = NewDisposeScope();
            var query = Random(g, 2, 3, 3).requires_grad_();
            var memory = Random(g, 2, 4, 3).requires_grad_();
            var memoryMask = Mask(4, 4, 0);
            var (y, _) = layer.Attend(query, null, memory, memoryMask);
            Assert.False(y.isnan().any().item<bool>());
            Assert.Equal(0f, y[1, .., 3..].abs().max().item<float>()); // no real value step: context zero
            Assert.True(MaxDifference(y[1, .., ..3], query[1]) == 0); // the query itself passes
            Assert.True(MaxDifference(y[0], Reference(layer, query[..1], null, memory[..1], null)[0]) <= 1e-5);
            y.sum().backward();
            foreach (var t in new[] { query.grad!, memory.grad! }.Concat(layer.parameters().Select(p => p.grad!)))
                Assert.True(t.isfinite().all().item<bool>());
            Assert.Equal(0f, memory.grad![1].abs().max().item<float>());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_query_of_one_step_attends_as_that_step_of_the_whole_query(bool additive)
        {
            using var g = Seeded(64);
            using var layer = Create(additive, true, false, 5, g);
            RandomScale(layer, g);
            using var scope = NewDisposeScope();
            var query = Random(g, 2, 6, 5);
            var memory = Random(g, 2, 7, 5);
            var memoryMask = Mask(7, 7, 4);
            var (whole, _) = layer.Attend(query, null, memory, memoryMask);
            for (int t = 0; t < 6; t++)
            {
                var (step, stepMask) = layer.Attend(query[.., t..(t + 1), ..], null, memory, memoryMask);
                Assert.Null(stepMask);
                Assert.True(MaxDifference(step, whole[.., t..(t + 1), ..]) <= 1e-6, $"step {t}");
            }
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Parameters_are_Keras_scale_with_its_initialiser(bool additive)
        {
            using var g = Seeded(65);
            using var layer = Create(additive, true, false, 12, g);
            Assert.Equal(new[] { "scale" }, Names(layer));
            var scale = layer.parameters().Single();
            if (additive)
            {
                Assert.Equal(new long[] { 12 }, scale.shape);
                double limit = Math.Sqrt(6.0 / (12 + 12)); // Glorot uniform, fan in = fan out = features
                Assert.InRange(scale.abs().max().item<float>(), 0.1, limit + 1e-6);
            }
            else
            {
                Assert.Empty(scale.shape); // one scalar, starting at 1
                Assert.Equal(1f, scale.item<float>());
            }
            using var withoutScale = Create(additive, false, false, 12, g);
            Assert.Empty(withoutScale.parameters());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Dropout_drops_weights_in_training_only(bool additive)
        {
            using var g = Seeded(66);
            using var layer = Create(additive, false, false, 3, g, dropout: 0.5);
            using var scope = NewDisposeScope();
            var x = Random(g, 4, 8, 3);
            layer.eval();
            var evaluated = layer.Forward(x, null).Output;
            Assert.True(MaxDifference(evaluated, Reference(layer, x, null, x, null)) <= 1e-5);
            layer.train();
            var trained = layer.Forward(x, null).Output;
            Assert.Equal(0.0, MaxDifference(trained[.., .., ..3], x)); // the query part is never dropped
            Assert.True(MaxDifference(trained, evaluated) > 1e-3);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void The_weights_are_recorded_without_gradients_only_and_replaced_by_the_next_call(bool additive)
        {
            using var g = Seeded(67);
            using var layer = Create(additive, true, false, 3, g);
            using var x = Random(g, 2, 5, 3);
            using var mask = Mask(5, 5, 3);
            layer.Forward(x, mask).Output.Dispose();
            Assert.Null(layer.LastWeights); // training with gradients does no extra work

            Tensor first;
            using (no_grad())
            {
                layer.Forward(x, mask).Output.Dispose();
                first = layer.LastWeights!;
                Assert.Equal(new long[] { 2, 5, 5 }, first.shape);
                Assert.False(first.requires_grad);
                using var sums = first.sum(-1);
                Assert.Equal(new double[] { 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }, Values(sums), Tolerance(1e-6)); // padded query steps: no weight
                Assert.Equal(0f, first[1, .., 3..].abs().max().item<float>()); // padded value steps: no weight

                long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
                var y = layer.Forward(x, mask).Output;
                Assert.Equal(before + 1, DisposeScopeManager.Statistics.ThreadTotalLiveCount); // the output; the new weights replace the old
                Assert.True(first.IsInvalid);
                Assert.NotSame(first, layer.LastWeights);
                // The context is the recorded weights times the values.
                using var context = layer.LastWeights!.matmul(x);
                Assert.True(MaxDifference(y[0, .., 3..], context[0]) <= 1e-6);
                y.Dispose();
            }
            var last = layer.LastWeights!;
            layer.Dispose();
            Assert.True(last.IsInvalid);
        }

        [Theory]
        [MemberData(nameof(Options))]
        public void A_call_leaves_only_its_output_alive(bool additive, bool useScale, bool causal)
        {
            using var g = Seeded(68);
            using var layer = Create(additive, useScale, causal, 4, g, dropout: 0.25);
            layer.train();
            using var query = Random(g, 2, 5, 4);
            using var memory = Random(g, 2, 3, 4);
            using var queryMask = Mask(5, 5, 2);
            using var memoryMask = Mask(3, 3, 1);
            layer.Attend(query, queryMask, memory, memoryMask).Output.Dispose(); // warm-up
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var (output, mask) = layer.Attend(query, queryMask, memory, memoryMask);
            Assert.Same(queryMask, mask);
            Assert.Equal(before + 1, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            output.Dispose();
            Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        [Fact]
        public void Inputs_that_do_not_fit_are_rejected_naming_the_layer_and_both_shapes()
        {
            using var attention = new Attention("attention", false, false, 0);
            using var additive = new AdditiveAttention("additive_attention", 4, true, false, 0, null);
            using var scope = NewDisposeScope();
            var query = zeros(2, 3, 4);

            var e = Assert.Throws<ArgumentException>(() => attention.Attend(query, null, zeros(2, 5, 6), null));
            Assert.Equal("memory", e.ParamName);
            Assert.StartsWith("attention (Attention) expects a memory [2, time, 4] for the query [2, 3, 4] but got [2, 5, 6]", e.Message);
            e = Assert.Throws<ArgumentException>(() => attention.Attend(query, null, zeros(3, 5, 4), null));
            Assert.StartsWith("attention (Attention) expects a memory [2, time, 4] for the query [2, 3, 4] but got [3, 5, 4]", e.Message);
            e = Assert.Throws<ArgumentException>(() => attention.Forward(zeros(2, 4), null));
            Assert.StartsWith("attention (Attention) expects input [batch, time, features] but got [2, 4].", e.Message);
            e = Assert.Throws<ArgumentException>(() => attention.Attend(query, Mask(4, 4, 4), query, null));
            Assert.Equal("queryMask", e.ParamName);
            Assert.StartsWith("attention (Attention) expects a bool queryMask [2, 3] for the query [2, 3, 4] but got Bool [2, 4].", e.Message);
            e = Assert.Throws<ArgumentException>(() => attention.Attend(query, null, query, ones(2, 3)));
            Assert.Equal("memoryMask", e.ParamName);
            Assert.StartsWith("attention (Attention) expects a bool memoryMask [2, 3] for the memory [2, 3, 4] but got Float32 [2, 3].", e.Message);
            e = Assert.Throws<ArgumentException>(() => additive.Forward(zeros(2, 3, 5), null));
            Assert.StartsWith("additive_attention (AdditiveAttention) expects a query [batch, time, 4] but got [2, 3, 5].", e.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => new Attention("attention", false, false, 1.0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new AdditiveAttention("additive_attention", 0, true, false, 0, null));
        }

        private static Comparer Tolerance(double tolerance) => new(tolerance);

        private sealed class Comparer : System.Collections.Generic.IEqualityComparer<double>
        {
            private readonly double _tolerance;

            public Comparer(double tolerance) => _tolerance = tolerance;

            public bool Equals(double x, double y) => Math.Abs(x - y) <= _tolerance;

            public int GetHashCode(double obj) => 0;
        }
    }
}
