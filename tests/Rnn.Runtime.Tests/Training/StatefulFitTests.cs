using System;
using System.Collections.Generic;
using System.Linq;
using Rnn.Data;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>A small character model: ids of any length → Embedding(12, 4) → Lstm(8) over every step → Dense(12).</summary>
    [Input(Dim.Variable)]
    [Embedding(12, 4)]
    [Lstm(8, ReturnSequences = true)]
    [Dense(12)]
    public partial class StatefulTagger { }

    /// <summary>
    /// Issue 17 §2: <c>Fit(..., stateful: true)</c> carries each row's state into the same row of the next batch, resets it
    /// at each epoch's start, stops gradients at batch borders, validates the same way, and rejects batches that do not
    /// line up before the first step.
    /// </summary>
    public sealed class StatefulFitTests
    {
        private const int BatchSize = 2, Length = 5, Chunks = 4;

        /// <summary>One sequence of 41 random ids cut into 4 batches of 2 streams × 5 steps.</summary>
        private static (Tensor X, Tensor Y) Data(ulong seed = 3)
        {
            using var generator = new Generator(seed);
            using var ids = randint(0, 12, new long[] { BatchSize * Length * Chunks + 1 }, generator: generator);
            return Sequences.Chunks(ids.data<long>().ToArray(), BatchSize, Length);
        }

        /// <summary>The loss of each batch, from the running means Fit reports after each batch (all batches are the same size).</summary>
        private sealed class BatchLosses : Callback
        {
            private double _previous;

            public List<double> Losses { get; } = new();

            public override void OnEpochBegin(int epoch) => _previous = 0;

            public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
            {
                double running = logs["loss"];
                Losses.Add(running * (batch + 1) - _previous * batch);
                _previous = running;
            }
        }

        private enum Carry { AcrossBatches, AcrossEpochsToo, Never }

        /// <summary>
        /// Truncated backpropagation written by hand with ForwardWithState and the runtime's SGD: each batch runs from the
        /// previous batch's final state, detached, reset to zeros per <paramref name="carry"/>. Returns each batch's loss.
        /// </summary>
        private static List<double> HandWritten(Tensor x, Tensor y, int epochs, Carry carry)
        {
            using var model = new StatefulTagger(seed: 1);
            using var optimizer = Optimizers.Sgd(0.5).Create(model.named_parameters());
            var loss = Losses.SparseCategoricalCrossentropy();
            var losses = new List<double>();
            StatefulTagger.State? state = null;
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                if (carry != Carry.AcrossEpochsToo) Reset(ref state);
                for (int b = 0; b < Chunks; b++)
                {
                    using var scope = NewDisposeScope();
                    optimizer.zero_grad();
                    var (output, final) = model.ForwardWithState(x.narrow(0, b * BatchSize, BatchSize), state);
                    var value = loss.Compute(output, y.narrow(0, b * BatchSize, BatchSize));
                    value.backward();
                    optimizer.step();
                    losses.Add(value.item<float>());
                    Reset(ref state);
                    if (carry != Carry.Never) state = (StatefulTagger.State)final.Detach().DetachFromDisposeScope();
                }
            }
            Reset(ref state);
            return losses;
        }

        private static void Reset(ref StatefulTagger.State? state)
        {
            state?.Dispose();
            state = null;
        }

        private static List<double> StatefulFit(Tensor x, Tensor y, int epochs)
        {
            using var model = new StatefulTagger(seed: 1);
            model.Compile(optimizer: Optimizers.Sgd(0.5));
            var losses = new BatchLosses();
            model.Fit(x, y, epochs: epochs, batchSize: BatchSize, shuffle: false, verbose: 0, callbacks: new[] { losses }, stateful: true);
            return losses.Losses;
        }

        private static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
        {
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-6, $"batch {i}: expected loss {expected[i]:R}, got {actual[i]:R}");
        }

        [Fact]
        public void Stateful_fit_equals_a_hand_written_truncated_backpropagation_loop()
        {
            var (x, y) = Data();
            using var xs = x;
            using var ys = y;

            var fit = StatefulFit(x, y, epochs: 1);

            AssertClose(HandWritten(x, y, 1, Carry.AcrossBatches), fit);
            // The same loop without the carried state differs after the first batch: the test sees the state.
            var stateless = HandWritten(x, y, 1, Carry.Never);
            Assert.Equal(stateless[0], fit[0], 6);
            Assert.True(Math.Abs(stateless[1] - fit[1]) > 1e-4, $"batch 1: {stateless[1]:R} from zeros and {fit[1]:R} from the carried state should differ");
        }

        [Fact]
        public void The_state_starts_from_zeros_at_each_epoch()
        {
            var (x, y) = Data();
            using var xs = x;
            using var ys = y;

            var fit = StatefulFit(x, y, epochs: 2);

            AssertClose(HandWritten(x, y, 2, Carry.AcrossBatches), fit);
            var neverReset = HandWritten(x, y, 2, Carry.AcrossEpochsToo);
            Assert.True(Math.Abs(neverReset[Chunks] - fit[Chunks]) > 1e-4,
                $"epoch 1's first batch: {neverReset[Chunks]:R} from the last epoch's state and {fit[Chunks]:R} from zeros should differ");
        }

        /// <summary>Reads the gradient of the embedding rows after batch 1, before the next step clears it.</summary>
        private sealed class EmbeddingGradient : Callback
        {
            public float[]? RowsOfBatch0 { get; private set; }
            public float[]? RowsOfBatch1 { get; private set; }

            public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
            {
                if (batch != 1) return;
                var weight = Model!.named_parameters().Single(p => p.name == "embedding.weight").parameter;
                using var grad = weight.grad!.detach().clone();
                RowsOfBatch0 = grad.narrow(0, 2, 2).abs().sum(1).data<float>().ToArray();
                RowsOfBatch1 = grad.narrow(0, 4, 2).abs().sum(1).data<float>().ToArray();
            }
        }

        [Fact]
        public void Gradients_stop_at_the_batch_border()
        {
            // Batch 0 holds only the ids 2 and 3, batch 1 only 4 and 5: after batch 1's backward pass the embedding rows of
            // 2 and 3 have no gradient, though batch 1 starts from the state they produced.
            using var x = tensor(new long[] { 2, 3, 2, 3, 3, 2, 4, 5, 4, 5, 5, 4 }, new long[] { 4, 3 });
            using var y = tensor(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0 }, new long[] { 4, 3 });
            using var model = new StatefulTagger(seed: 2);
            var gradient = new EmbeddingGradient();

            model.Fit(x, y, epochs: 1, batchSize: 2, shuffle: false, verbose: 0, callbacks: new[] { gradient }, stateful: true);

            Assert.Equal(new float[] { 0, 0 }, gradient.RowsOfBatch0);
            Assert.All(gradient.RowsOfBatch1!, g => Assert.True(g > 0, $"the rows of batch 1's own ids should have a gradient, got {g}"));
        }

        [Fact]
        public void Validation_carries_its_state_over_its_batches_in_order_from_zeros()
        {
            var (x, y) = Data();
            using var xs = x;
            using var ys = y;
            using var vx = x.narrow(0, 0, 2 * BatchSize);
            using var vy = y.narrow(0, 0, 2 * BatchSize);
            using var model = new StatefulTagger(seed: 1);

            var history = model.Fit(x, y, epochs: 1, batchSize: BatchSize, shuffle: false, verbose: 0, validationData: (vx, vy), stateful: true);

            model.eval();
            var loss = Losses.SparseCategoricalCrossentropy();
            double sum = 0;
            using (no_grad())
            {
                var (first, state) = model.ForwardWithState(vx.narrow(0, 0, BatchSize));
                var (second, last) = model.ForwardWithState(vx.narrow(0, BatchSize, BatchSize), state);
                sum += loss.Compute(first, vy.narrow(0, 0, BatchSize)).item<float>() + loss.Compute(second, vy.narrow(0, BatchSize, BatchSize)).item<float>();
                foreach (var t in new IDisposable[] { first, second, state, last }) t.Dispose();
            }
            Assert.Equal(sum / 2, history["val_loss"][0], 6);
        }

        [Fact]
        public void Batches_that_do_not_line_up_are_rejected_before_the_first_step()
        {
            var (x, y) = Data();
            using var xs = x;
            using var ys = y;
            using var model = new StatefulTagger(seed: 1);
            var before = model.parameters().Select(p => p.detach().clone()).ToList();

            var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, batchSize: 3, shuffle: false, verbose: 0, stateful: true));
            Assert.Equal("x", e.ParamName);
            Assert.StartsWith("StatefulTagger.Fit: a stateful run carries each row's state to the same row of the next batch, so every batch must hold batchSize = 3 rows, " +
                "but x has 8 samples, 2 more than a multiple of 3;", e.Message);

            e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, batchSize: 2, verbose: 0, stateful: true));
            Assert.Equal("shuffle", e.ParamName);
            Assert.Contains("pass shuffle: false", e.Message);

            e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, batchSize: 2, shuffle: false, validationSplit: 0.3, verbose: 0, stateful: true));
            Assert.Equal("validationSplit", e.ParamName);
            Assert.Contains("but the training part of x (before validationSplit) has 5 samples", e.Message);

            using var vx = x.narrow(0, 0, 3);
            using var vy = y.narrow(0, 0, 3);
            e = Assert.Throws<ArgumentException>(() => model.Fit(DataSource.FromTensors(x, y, 2, shuffle: false), validationData: (vx, vy), validationBatchSize: 2, verbose: 0, stateful: true));
            Assert.Equal("validationData", e.ParamName);
            Assert.Contains("every batch must hold validationBatchSize = 2 rows, but validationData.X has 3 samples", e.Message);

            e = Assert.Throws<ArgumentException>(() => model.Fit(DataSource.FromTensors(x, y, 2), verbose: 0, stateful: true));
            Assert.Equal("data", e.ParamName);
            Assert.Contains("make the DataSource.FromTensors with shuffle: false", e.Message);

            e = Assert.Throws<ArgumentException>(() => model.Fit(DataSource.FromTensors(x, y, 3, shuffle: false), verbose: 0, stateful: true));
            Assert.Equal("data", e.ParamName);
            Assert.Contains("but data (DataSource.FromTensors) has 8 samples", e.Message);

            Assert.All(model.parameters().Zip(before), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 0)));
            foreach (var p in before) p.Dispose();
        }

        [Fact]
        public void A_source_batch_of_another_size_is_rejected_before_its_step()
        {
            var (x, y) = Data();
            using var xs = x;
            using var ys = y;
            using var model = new StatefulTagger(seed: 1);
            // Batches of 3, 3 and 2 rows: the third cannot carry on the first two's three streams.
            var source = new TestSource(3, prefetch: 0, TestSource.RowBatches(x, y, batchSize: 3));
            var steps = new BatchLosses();

            var e = Assert.Throws<ArgumentException>(() => model.Fit(source, verbose: 0, callbacks: new[] { steps }, stateful: true));

            Assert.Equal("data", e.ParamName);
            Assert.StartsWith("StatefulTagger.Fit: a stateful run carries each row's state to the same row of the next batch, so every batch must hold 3 rows as the first did, " +
                "but batch 2 of epoch 0 holds 2.", e.Message);
            Assert.Equal(2, steps.Losses.Count);
            Assert.All(source.Yielded, t => Assert.True(t.IsInvalid, "a batch was left undisposed"));
        }

        [Fact]
        public void A_stateful_source_trains_as_the_same_tensors_do()
        {
            var (x, y) = Data();
            using var xs = x;
            using var ys = y;
            using var model = new StatefulTagger(seed: 1);
            model.Compile(optimizer: Optimizers.Sgd(0.5));
            var losses = new BatchLosses();

            model.Fit(DataSource.FromTensors(x, y, BatchSize, shuffle: false), verbose: 0, callbacks: new[] { losses }, stateful: true);

            AssertClose(HandWritten(x, y, 1, Carry.AcrossBatches), losses.Losses);
        }
    }
}
