using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Rnn;
using Rnn.Modules;
using Rnn.Runtime.Tests.LayerModules;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>
    /// Fit with a <see cref="DataSource"/>: the same losses as Fit with tensors, a producer on a background thread at most
    /// <see cref="DataSource.Prefetch"/> batches ahead, its exceptions rethrown, no batch left undisposed when training
    /// stops early, every batch checked before its step, and an exact resume through <see cref="BackupAndRestore"/>.
    /// </summary>
    public sealed class DataSourceTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "rnn-source-" + Guid.NewGuid().ToString("N"));
        private readonly Tensor _x, _y;

        public DataSourceTests() => (_x, _y) = TestData.Random(48, seed: 3, timesteps: 6);

        public void Dispose()
        {
            _x.Dispose();
            _y.Dispose();
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }

        private static TestRnn NewModel()
        {
            var model = new TestRnn(units: 16, seed: 1);
            model.Compile(Optimizers.Adam());
            return model;
        }

        [Fact]
        public void A_source_from_tensors_gives_the_losses_of_Fit_with_the_tensors()
        {
            using var validationX = _x.narrow(0, 0, 10);
            using var validationY = _y.narrow(0, 0, 10);
            using var withTensors = NewModel();
            var expected = withTensors.Fit(_x, _y, epochs: 3, batchSize: 16, seed: 2, validationData: (validationX, validationY), verbose: 0);
            using var withSource = NewModel();
            var history = withSource.Fit(DataSource.FromTensors(_x, _y, batchSize: 16, seed: 2), epochs: 3,
                validationData: (validationX, validationY), validationBatchSize: 32, verbose: 0);

            Assert.Equal(expected["loss"], history["loss"]);
            Assert.Equal(expected["val_loss"], history["val_loss"]);
            Assert.Equal(expected["accuracy"], history["accuracy"]);
            using var other = NewModel();
            Assert.NotEqual(expected["loss"], other.Fit(DataSource.FromTensors(_x, _y, batchSize: 16, seed: 3), epochs: 3, verbose: 0)["loss"]);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Validation_samples_shaped_as_the_batches_spare_the_model_a_run_to_learn_the_output_shape(bool fromTensors)
        {
            using var validationX = _x.narrow(0, 0, 10);
            using var validationY = _y.narrow(0, 0, 10);
            using var model = NewModel();
            model.LiveCountAtForward = new List<long>();
            var source = fromTensors ? DataSource.FromTensors(_x, _y, batchSize: 16, seed: 2) : TestSource.Rows(_x, _y, batchSize: 16, prefetch: 0);

            model.Fit(source, epochs: 1, validationData: (validationX, validationY), validationBatchSize: 4, verbose: 0);

            // One probe (of the validation samples), 3 training and 3 validation batches.
            Assert.Equal(1 + 3 + 3, model.LiveCountAtForward.Count);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(3)]
        public void A_source_made_on_any_thread_gives_the_losses_of_Fit_with_the_same_batches(int prefetch)
        {
            using var withTensors = NewModel();
            var expected = withTensors.Fit(_x, _y, epochs: 3, batchSize: 16, shuffle: false, verbose: 0);
            using var withSource = NewModel();
            var history = withSource.Fit(TestSource.Rows(_x, _y, batchSize: 16, prefetch), epochs: 3, verbose: 0);

            Assert.Equal(expected["loss"], history["loss"]);
            Assert.Equal(expected["accuracy"], history["accuracy"]);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(2)]
        public void Batches_made_inside_the_sources_own_dispose_scope_outlive_it(int prefetch)
        {
            // The source's scope ends when Fit asks for the next batch, while earlier batches wait or train: Fit detaches them.
            using var withTensors = NewModel();
            var expected = withTensors.Fit(_x, _y, epochs: 2, batchSize: 8, shuffle: false, verbose: 0);
            using var withSource = NewModel();
            var source = new TestSource(6, prefetch, TestSource.RowBatches(_x, _y, batchSize: 8)) { InOwnScope = true };
            Assert.Equal(expected["loss"], withSource.Fit(source, epochs: 2, verbose: 0)["loss"]);
            Assert.All(source.Yielded, t => Assert.True(t.IsInvalid, "a batch was left undisposed"));
        }

        [Fact]
        public void A_source_from_tensors_gives_directly_the_batches_Fit_trains_on_in_each_epoch()
        {
            // Fit draws epoch e's order as the generator's permutation number e; Batches(e) replays the draws before it.
            var source = DataSource.FromTensors(_x, _y, batchSize: 20, seed: 4);
            using var generator = new Generator(4);
            using var first = randperm(48, generator: generator);
            using var second = randperm(48, generator: generator);
            foreach (var (epoch, order) in new[] { (0, first), (1, second) })
            {
                var batches = source.Batches(epoch).ToList();
                Assert.Equal(new long[] { 20, 20, 8 }, batches.Select(b => b.X.size(0)));
                using var x = cat(batches.Select(b => b.X).ToList(), 0);
                using var y = cat(batches.Select(b => b.Y).ToList(), 0);
                Assert.True(x.allclose(_x.index_select(0, order), rtol: 0, atol: 0), $"epoch {epoch}: inputs");
                Assert.True(y.eq(_y.index_select(0, order)).all().item<bool>(), $"epoch {epoch}: targets");
                foreach (var (bx, by) in batches) { bx.Dispose(); by.Dispose(); }
            }
            Assert.Equal(3, source.BatchesPerEpoch);
            Assert.Equal(0, source.Prefetch);
        }

        [Fact]
        public void The_producer_runs_ahead_up_to_the_prefetch_and_no_further()
        {
            const int prefetch = 3, perEpoch = 6;
            var source = TestSource.Rows(_x, _y, batchSize: 8, prefetch);
            Assert.Equal(perEpoch, source.BatchesPerEpoch);
            using var model = NewModel();
            var probe = new AheadProbe(source, prefetch, perEpoch, total: 2 * perEpoch);
            model.Fit(source, epochs: 2, verbose: 0, callbacks: new[] { probe });
            Assert.Equal(2 * perEpoch, probe.Steps);
            Assert.Equal(new[] { 0, 1 }, source.EpochsAsked);
        }

        /// <summary>
        /// At each step, waits until the producer has made as many batches as the bound allows (the batches taken, this
        /// one included, plus the prefetch; the next epoch's count too), then checks that it made no more.
        /// </summary>
        private sealed class AheadProbe(TestSource source, int prefetch, int perEpoch, int total) : Callback
        {
            private int _epoch;

            public int Steps { get; private set; }

            public override void OnEpochBegin(int epoch) => _epoch = epoch;

            public override void OnTrainBatchBegin(int batch)
            {
                Steps++;
                int bound = Math.Min(total, _epoch * perEpoch + batch + 1 + prefetch);
                Assert.True(SpinWait.SpinUntil(() => source.Made >= bound, TimeSpan.FromSeconds(20)),
                    $"epoch {_epoch}, batch {batch}: the producer made {source.Made} batches, not running ahead to {bound}");
                Thread.Sleep(20);
                Assert.Equal(bound, source.Made);
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(2)]
        public void An_exception_of_the_source_reaches_Fits_caller_as_thrown_after_the_batches_made_before_it(int prefetch)
        {
            var thrown = new InvalidOperationException("the disk with the batches went away");
            var rows = TestSource.RowBatches(_x, _y, batchSize: 8);
            var source = new TestSource(6, prefetch, (epoch, batch) => epoch == 1 && batch == 2 ? throw thrown : rows(epoch, batch));
            using var model = NewModel();
            var counter = new StepCounter();

            var error = Assert.Throws<InvalidOperationException>(() => model.Fit(source, epochs: 3, verbose: 0, callbacks: new[] { counter }));

            Assert.Same(thrown, error);
            Assert.Equal(6 + 2, counter.Steps);
            Assert.All(source.Yielded, t => Assert.True(t.IsInvalid, "a batch was left undisposed"));
            Assert.Equal(source.EpochsAsked.Count, source.Closed);
        }

        private sealed class StepCounter : Callback
        {
            public int Steps { get; private set; }

            public override void OnTrainBatchBegin(int batch) => Steps++;
        }

        public static IEnumerable<object[]> EarlyEnds() => new[]
        {
            new object[] { "StopTraining in a batch hook" },
            new object[] { "EarlyStopping" },
            new object[] { "a callback's exception" },
        };

        [Theory]
        [MemberData(nameof(EarlyEnds))]
        public void Training_that_ends_early_stops_the_producer_and_disposes_every_batch_it_made(string end)
        {
            const int prefetch = 4;
            using var model = NewModel();
            model.Fit(_x, _y, epochs: 1, verbose: 0); // creates the optimizer's state, which outlives Fit
            var source = TestSource.Rows(_x, _y, batchSize: 8, prefetch, seed: 5);
            var stopper = new Stopper(source, prefetch, end);
            var callbacks = new List<Callback> { stopper };
            if (end == "EarlyStopping") callbacks.Add(new EarlyStopping(monitor: "loss", patience: 0, minDelta: 1e9));
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

            if (end == "a callback's exception") Assert.Throws<TimeoutException>(() => model.Fit(source, epochs: 10, verbose: 0, callbacks: callbacks));
            else model.Fit(source, epochs: 10, verbose: 0, callbacks: callbacks);

            Assert.True(stopper.Steps < source.Made, $"{end}: {source.Made} batches made and {stopper.Steps} trained; none was pending");
            Assert.All(source.Yielded, t => Assert.True(t.IsInvalid, $"{end}: a batch was left undisposed"));
            Assert.Equal(source.EpochsAsked.Count, source.Closed);
            // Every tensor made on either thread was disposed: the producer's live count plus this thread's change is 0.
            long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount - before + source.LiveOnProducerThread;
            Assert.Equal(0, live);
        }

        [Fact]
        public void A_batch_the_source_finishes_after_training_stopped_is_disposed()
        {
            using var making = new ManualResetEventSlim();
            using var release = new ManualResetEventSlim();
            var rows = TestSource.RowBatches(_x, _y, batchSize: 8);
            var source = new TestSource(6, prefetch: 2, (epoch, batch) =>
            {
                if (epoch == 0 && batch == 3)
                {
                    making.Set();
                    release.Wait();
                }
                return rows(epoch, batch);
            });
            using var model = NewModel();
            // Training stops while the source makes batch 3; the source finishes it once Fit has begun to stop the producer.
            var stop = new StopWhileMaking(making, release);

            model.Fit(source, epochs: 2, verbose: 0, callbacks: new[] { stop });

            Assert.Equal(4, source.Made);
            Assert.All(source.Yielded, t => Assert.True(t.IsInvalid, "a batch was left undisposed"));
        }

        private sealed class StopWhileMaking(ManualResetEventSlim making, ManualResetEventSlim release) : Callback
        {
            public override void OnTrainBatchBegin(int batch)
            {
                if (batch != 1) return;
                Assert.True(making.Wait(TimeSpan.FromSeconds(20)), "the producer did not start batch 3");
                Model!.StopTraining = true;
            }

            public override void OnTrainEnd() => System.Threading.Tasks.Task.Delay(100).ContinueWith(_ => release.Set());
        }

        /// <summary>Ends training at epoch 1, batch 2 (or EarlyStopping after epoch 1), once the producer has run a full prefetch ahead.</summary>
        private sealed class Stopper(TestSource source, int prefetch, string end) : Callback
        {
            private int _epoch;

            public int Steps { get; private set; }

            public override void OnEpochBegin(int epoch) => _epoch = epoch;

            public override void OnTrainBatchBegin(int batch)
            {
                Steps++;
                if (_epoch != 1 || batch != (end == "EarlyStopping" ? source.BatchesPerEpoch - 1 : 2)) return;
                Assert.True(SpinWait.SpinUntil(() => source.Made == Steps + prefetch, TimeSpan.FromSeconds(20)), "the producer did not run ahead");
                if (end == "a callback's exception") throw new TimeoutException("the callback gave up");
                if (end == "StopTraining in a batch hook") Model!.StopTraining = true;
            }
        }

        /// <summary>Batch 1 of each epoch, bad as <paramref name="kind"/> says; the others are fine.</summary>
        private static (Tensor X, Tensor Y) BadAtBatch1(string kind, int batch)
        {
            var (x, y) = TestData.Random(4, seed: 9, timesteps: 6);
            if (batch != 1) return (x, y);
            switch (kind)
            {
                case "float64": return (x.to_type(ScalarType.Float64), y);
                case "label 10": return (x, full(new long[] { 4 }, 10L, dtype: ScalarType.Int64));
                case "NaN": x[2, 3, 5] = tensor(float.NaN); return (x, y);
                case "NaN and label 10": x[2, 3, 5] = tensor(float.NaN); return (x, full(new long[] { 4 }, 10L, dtype: ScalarType.Int64));
                case "float64 and NaN": x[2, 3, 5] = tensor(float.NaN); return (x.to_type(ScalarType.Float64), y);
                case "3 labels": return (x, y.narrow(0, 0, 3));
                default: return (x[.., .., ..20], y);
            }
        }

        [Theory]
        [InlineData("float64", "TestRnn.Fit: data.Batches(0)[1].X must hold float32 values like the model's weights, but has type Float64")]
        [InlineData("label 10", "labels must be in 0..9 for the model's 10 outputs, but data.Batches(0)[1].Y holds values from 10 to 10")]
        [InlineData("NaN", "TestRnn.Fit: data.Batches(0)[1].X must hold finite numbers, but sample 2 holds NaN")]
        [InlineData("3 labels", "data.Batches(0)[1].X has 4 samples but data.Batches(0)[1].Y has 3 labels")]
        // A batch bad in two ways fails with the first check's message, wherever the value checks ran.
        [InlineData("NaN and label 10", "labels must be in 0..9 for the model's 10 outputs, but data.Batches(0)[1].Y holds values from 10 to 10")]
        [InlineData("float64 and NaN", "TestRnn.Fit: data.Batches(0)[1].X must hold float32 values like the model's weights, but has type Float64")]
        // A sample shape other than the batches' before is run through the model again, and rejected.
        [InlineData("20 features", "TestRnn.Fit: data.Batches(0)[1].X [4, 6, 20] does not fit the model: test_rnn expects input")]
        public void A_bad_batch_is_rejected_before_its_step_naming_the_batch(string kind, string message)
        {
            foreach (int prefetch in new[] { 0, 2 })
            {
                var source = new TestSource(3, prefetch, (epoch, batch) => BadAtBatch1(kind, batch));
                using var model = NewModel();
                var counter = new StepCounter();
                var error = Assert.Throws<ArgumentException>(() => model.Fit(source, epochs: 2, verbose: 0, callbacks: new[] { counter }));
                Assert.Equal("data", error.ParamName);
                Assert.Contains(message, error.Message);
                Assert.Equal(1, counter.Steps);
                Assert.All(source.Yielded, t => Assert.True(t.IsInvalid, "a batch was left undisposed"));
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        public void A_batch_of_token_ids_outside_the_vocabulary_is_rejected_naming_the_batch(int prefetch)
        {
            using var model = new TokenClassifier(1);
            var source = new TestSource(2, prefetch, (epoch, batch) =>
            {
                var x = full(new long[] { 4, 6 }, 3L, dtype: ScalarType.Int64);
                var y = zeros(new long[] { 4 }, dtype: ScalarType.Int64);
                if (epoch == 1 && batch == 1)
                {
                    x[2, 4] = tensor(12L);
                    y[0] = tensor(7L); // outside the 3 classes too: the ids are checked first
                }
                return (x, y);
            });
            var counter = new StepCounter();
            var error = Assert.Throws<ArgumentException>(() => model.Fit(source, epochs: 2, verbose: 0, callbacks: new[] { counter }));
            Assert.Equal("data", error.ParamName);
            Assert.Contains("TokenClassifier.Fit: data.Batches(1)[1].X sample 2 holds id 12, outside the vocabulary [0, 12) of embedding (Embedding)", error.Message);
            Assert.Equal(3, counter.Steps);
            Assert.All(source.Yielded, t => Assert.True(t.IsInvalid, "a batch was left undisposed"));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(2)]
        public void A_batch_of_0_1_labels_out_of_range_is_rejected_naming_the_batch(int prefetch)
        {
            using var model = new SeriesLstm(outputs: 1, seed: 1);
            model.Compile(loss: Losses.BinaryCrossentropy(fromLogits: true));
            var source = new TestSource(3, prefetch, (epoch, batch) =>
            {
                using var generator = new Generator((ulong)batch);
                var x = randn(new long[] { 4, 5, 1 }, generator: generator);
                var y = tensor(new long[] { 0, 1, batch == 1 ? 2 : 1, 0 });
                return (x, y);
            });
            var counter = new StepCounter();
            var error = Assert.Throws<ArgumentException>(() => model.Fit(source, epochs: 2, verbose: 0, callbacks: new[] { counter }));
            Assert.Equal("data", error.ParamName);
            Assert.Contains("SeriesLstm.Fit: binary_crossentropy needs labels in [0, 1], but data.Batches(0)[1].Y holds values from 0 to 2.", error.Message);
            Assert.Equal(1, counter.Steps);
            Assert.All(source.Yielded, t => Assert.True(t.IsInvalid, "a batch was left undisposed"));
        }

        /// <summary>A pass-through layer that records the argument and the thread of each input check it is asked for.</summary>
        private sealed class ThreadRecordingLayer : Layer
        {
            public ThreadRecordingLayer() : base("recording") { }

            public ConcurrentQueue<(string Argument, int Thread)> Checks { get; } = new();

            public override LayerOutput Forward(Tensor input, Tensor? mask) => new(input, mask);

            protected internal override void CheckModelInput(Tensor input, string caller, string argument) =>
                Checks.Enqueue((argument, Environment.CurrentManagedThreadId));
        }

        /// <summary>[batch, 6, 28] → the recording layer → SimpleRnn(8) → Dense(10).</summary>
        private sealed class CheckRecordingRnn : LayerStack
        {
            public CheckRecordingRnn(ThreadRecordingLayer first) : base("CheckRecordingRnn", new Shape(null, 6, 28))
            {
                using var g = new Generator(3);
                Add(first);
                Add(new SimpleRnn("simple_rnn", 28, 8, Activation.Tanh, false, false, MergeMode.Concat, 0, g));
                Add(new Dense("dense", 8, 10, Activation.None, g));
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(2)]
        public void Each_batch_is_value_checked_on_the_thread_that_made_it_so_prefetching_spares_Fits_thread_the_reads(int prefetch)
        {
            var first = new ThreadRecordingLayer();
            using var model = new CheckRecordingRnn(first);
            var rows = TestSource.RowBatches(_x, _y, batchSize: 8);
            var makers = new ConcurrentDictionary<string, int>();
            var source = new TestSource(6, prefetch, (epoch, batch) =>
            {
                makers[$"data.Batches({epoch})[{batch}].X"] = Environment.CurrentManagedThreadId;
                return rows(epoch, batch);
            });
            int fit = Environment.CurrentManagedThreadId;

            model.Fit(source, epochs: 2, verbose: 0);

            var checks = first.Checks.ToList();
            Assert.Equal(12, makers.Count);
            Assert.Equal(makers.Keys.Order(StringComparer.Ordinal), checks.Select(c => c.Argument).Order(StringComparer.Ordinal));
            Assert.All(checks, c => Assert.Equal(makers[c.Argument], c.Thread));
            Assert.All(checks, c => Assert.Equal(prefetch == 0, c.Thread == fit));
        }

        [Theory]
        [InlineData(2, "data.Batches(0) gave 2 batches, but data.BatchesPerEpoch is 3; every epoch must give exactly that many")]
        [InlineData(4, "data.Batches(0) gave more than data.BatchesPerEpoch = 3 batches")]
        public void An_epoch_must_give_exactly_BatchesPerEpoch_batches(int yields, string message)
        {
            var source = new TestSource(3, prefetch: 2, (epoch, batch) => TestData.Random(4, seed: batch, timesteps: 6), yields);
            using var model = NewModel();
            var error = Assert.Throws<ArgumentException>(() => model.Fit(source, epochs: 2, verbose: 0));
            Assert.Contains(message, error.Message);
            Assert.All(source.Yielded, t => Assert.True(t.IsInvalid, "a batch was left undisposed"));
        }

        [Fact]
        public void Resuming_through_BackupAndRestore_with_a_source_is_exact()
        {
            // The source's batches are a function of the epoch (TestSource.Rows with a seed), made on a background thread.
            History Fit(RnnModel model, TestSource source, int epochs, params Callback[] callbacks) =>
                model.Fit(source, epochs, verbose: 0, callbacks: callbacks);
            TestSource Source() => TestSource.Rows(_x, _y, batchSize: 16, prefetch: 2, seed: 7);
            using var uninterrupted = NewModel();
            var expected = Fit(uninterrupted, Source(), 4);

            using (var first = NewModel()) Fit(first, Source(), 2, new BackupAndRestore(_dir, deleteCheckpoint: false));
            using var resumed = NewModel();
            var backup = new BackupAndRestore(_dir);
            var source = Source();
            var history = Fit(resumed, source, 4, backup);

            Assert.Equal(2, backup.RestoredEpoch);
            Assert.Equal(new[] { 2, 3 }, source.EpochsAsked);
            Assert.Equal(expected["loss"], history["loss"]);
            var weights = uninterrupted.state_dict();
            foreach (var (name, tensor) in resumed.state_dict())
                Assert.True(tensor.allclose(weights[name], rtol: 0, atol: 0), $"{name} differs from the uninterrupted run's");
        }

        [Fact]
        public void Bad_arguments_of_a_source_are_rejected_naming_them()
        {
            using var model = NewModel();
            Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => model.Fit((DataSource)null!, verbose: 0)).ParamName);
            var source = TestSource.Rows(_x, _y, batchSize: 16, prefetch: 1);
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(source, validationBatchSize: 0, verbose: 0));
            Assert.Equal("validationBatchSize", error.ParamName);
            Assert.Contains("TestRnn.Fit: validationBatchSize must be at least 1, but was 0", error.Message);
            Assert.Contains("initialEpoch must be in [0, epochs)", Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(source, epochs: 2, initialEpoch: 2, verbose: 0)).Message);
            var empty = new TestSource(0, 1, (e, b) => throw new InvalidOperationException("never asked"));
            Assert.Contains("data.BatchesPerEpoch must be at least 1, but TestSource has 0", Assert.Throws<ArgumentException>(() => model.Fit(empty, verbose: 0)).Message);
            Assert.Contains("prefetch must be 0 (batches made on Fit's thread) or more, but was -1",
                Assert.Throws<ArgumentOutOfRangeException>(() => new TestSource(1, -1, (e, b) => default)).Message);

            Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => DataSource.FromTensors(null!, _y)).ParamName);
            Assert.Contains("x and y must hold the same number of samples along their first axis, but their shapes are [48, 6, 28] and [47]",
                Assert.Throws<ArgumentException>(() => DataSource.FromTensors(_x, _y[..47])).Message);
            Assert.Contains("DataSource.FromTensors: batchSize must be at least 1, but was 0",
                Assert.Throws<ArgumentOutOfRangeException>(() => DataSource.FromTensors(_x, _y, batchSize: 0)).Message);
            // A source from tensors checks them as Fit with tensors does, naming them as FromTensors's arguments.
            using var x64 = _x.to_type(ScalarType.Float64);
            var bad = Assert.Throws<ArgumentException>(() => model.Fit(DataSource.FromTensors(x64, _y), verbose: 0));
            Assert.Equal("x", bad.ParamName);
            Assert.Contains("TestRnn.Fit: x must hold float32 values like the model's weights, but has type Float64", bad.Message);
        }

        [Fact]
        public void Class_weights_apply_to_a_source_as_to_tensors()
        {
            var weights = new Dictionary<int, double> { [0] = 3, [4] = 0.5 };
            using var withTensors = NewModel();
            var expected = withTensors.Fit(_x, _y, epochs: 2, batchSize: 16, shuffle: false, classWeight: weights, verbose: 0);
            using var withSource = NewModel();
            var history = withSource.Fit(TestSource.Rows(_x, _y, batchSize: 16, prefetch: 2), epochs: 2, classWeight: weights, verbose: 0);
            Assert.Equal(expected["loss"], history["loss"]);
            using var unweighted = NewModel();
            Assert.NotEqual(expected["loss"], unweighted.Fit(TestSource.Rows(_x, _y, batchSize: 16, prefetch: 2), epochs: 2, verbose: 0)["loss"]);
            var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
                unweighted.Fit(TestSource.Rows(_x, _y, batchSize: 16, prefetch: 2), classWeight: new Dictionary<int, double> { [10] = 1 }, verbose: 0));
            Assert.Contains("classWeight has class 10, but the classes are 0..9", error.Message);
        }
    }
}
