using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>Runs alone: counting objects left for the finalizer needs a process where no other test makes garbage.</summary>
    [CollectionDefinition(nameof(FinalizerCollection), DisableParallelization = true)]
    public sealed class FinalizerCollection { }

    /// <summary>
    /// Training leaves nothing for the finalizer. Native objects (tensors, Scalars) that nobody disposed are freed only
    /// by their finalizers, which the GC, seeing a tiny managed heap, rarely runs; in between, their native memory
    /// fragments the heap (RSS grew by gigabytes per epoch with TorchSharp's own Adam).
    /// </summary>
    [Collection(nameof(FinalizerCollection))]
    public sealed class FinalizerTests
    {
        [Theory]
        [InlineData("adam")]
        [InlineData("sgd")]
        [InlineData("rmsprop")]
        public void Objects_left_for_the_finalizer_do_not_grow_with_the_number_of_steps(string optimizer)
        {
            var (few, fewLive) = PendingAfterTraining(optimizer, steps: 30);
            var (many, manyLive) = PendingAfterTraining(optimizer, steps: 120);
            // A leak of one object per step would add 90 here (the runner's own garbage varies by a few); TorchSharp's
            // Adam left about 7 Scalars per parameter per step.
            Assert.True(many - few < 20, $"{optimizer}: {few} objects were left for the finalizer after 30 steps, {many} after 120.");
            Assert.Equal(fewLive, manyLive);
        }

        [Theory]
        [InlineData("huber")]
        [InlineData("mse")]
        [InlineData("binary")]
        public void Regression_and_binary_losses_leave_nothing_for_the_finalizer(string loss)
        {
            // Huber, mean squared error and binary cross-entropy from probabilities, with their metrics: no per-step Scalar may be left over.
            AssertNoGrowth(steps => PendingAfterTrainingWith(loss, steps), 30, 120, $"steps with {loss}");
        }

        private static long PendingAfterTrainingWith(string loss, int steps)
        {
            using var generator = new Generator(5);
            using var x = rand(new long[] { steps * 4, 28, 28 }, generator: generator);
            using var y = loss != "binary"
                ? rand(new long[] { steps * 4, 10 }, generator: generator)
                : randint(0, 2, new long[] { steps * 4, 10 }, generator: generator).to_type(ScalarType.Float32);
            using var model = new LstmClassifier(sigmoid: loss == "binary");
            if (loss == "huber") model.Compile(optimizer: Optimizers.Adam(), loss: Losses.Huber(), metrics: new[] { Metrics.MeanAbsoluteError });
            else if (loss == "mse") model.Compile(optimizer: Optimizers.Adam(), loss: Losses.MeanSquaredError(), metrics: new[] { Metrics.RootMeanSquaredError });
            else model.Compile(optimizer: Optimizers.Adam(), loss: Losses.BinaryCrossentropy(fromLogits: false), metrics: new[] { Metrics.Accuracy });
            return PendingFinalizers(() => model.Fit(x, y, epochs: 1, batchSize: 4, seed: 1, verbose: 0));
        }

        [Fact]
        public void A_generated_recurrent_model_leaves_nothing_for_the_finalizer()
        {
            // The generated MnistLstm, through Rnn.Modules (input checks, the zero state, the Dense layer), not a stand-in.
            AssertNoGrowth(PendingAfterGeneratedTraining, 30, 120, "steps");
        }

        private static long PendingAfterGeneratedTraining(int steps)
        {
            using var generator = new Generator(5);
            using var x = rand(new long[] { steps * 4, 28, 28 }, generator: generator);
            using var y = randint(0, 10, new long[] { steps * 4 }, generator: generator);
            using var model = new MnistSample.MnistLstm(1);
            model.Compile(optimizer: Optimizers.Adam());
            return PendingFinalizers(() => model.Fit(x, y, epochs: 1, batchSize: 4, seed: 1, verbose: 0));
        }

        [Fact]
        public void Saving_checkpoints_every_epoch_leaves_nothing_for_the_finalizer()
        {
            // ModelCheckpoint (every epoch) and BackupAndRestore write the weights, the optimizer state and the history
            // after each epoch; that must not leave objects per epoch, any more than the step does.
            AssertNoGrowth(PendingAfterCheckpointedTraining, 2, 30, "checkpointed epochs");
        }

        private static long PendingAfterCheckpointedTraining(int epochs)
        {
            string dir = System.IO.Directory.CreateTempSubdirectory("rnn-finalizer-").FullName;
            try
            {
                var (x, y) = TestData.Random(16, seed: 5, timesteps: 28);
                using var xs = x;
                using var ys = y;
                using var model = new LstmClassifier();
                model.Compile(optimizer: Optimizers.Adam());
                var callbacks = new Callback[]
                {
                    new ModelCheckpoint(System.IO.Path.Combine(dir, "best.weights"), monitor: "loss", saveBestOnly: false),
                    new BackupAndRestore(System.IO.Path.Combine(dir, "backup"), deleteCheckpoint: false),
                };
                return PendingFinalizers(() => model.Fit(x, y, epochs: epochs, batchSize: 8, seed: 1, verbose: 0, callbacks: callbacks));
            }
            finally
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
        }

        [Fact]
        public void EarlyStopping_improvements_create_no_tensors_and_leave_nothing_for_the_finalizer()
        {
            // With restoreBestWeights every improvement copies the weights into the copy made at the first one.
            var (fewCreated, fewPending) = EarlyStoppingImprovements(3);
            var (manyCreated, manyPending) = EarlyStoppingImprovements(30);
            Assert.Equal(fewCreated, manyCreated);
            Assert.True(manyPending - fewPending < 20, $"{fewPending} objects were left for the finalizer after 3 improvements, {manyPending} after 30.");
        }

        /// <summary>Reports <paramref name="improvements"/> improving epochs to an EarlyStopping; returns the tensors created and the objects left for the finalizer.</summary>
        private static (long Created, long Pending) EarlyStoppingImprovements(int improvements)
        {
            using var model = new LstmClassifier();
            using var stopping = new EarlyStopping(monitor: "loss", restoreBestWeights: true) { Model = model };
            var logs = Enumerable.Range(0, improvements).Select(i => new Dictionary<string, double> { ["loss"] = 100.0 - i }).ToList();
            stopping.OnTrainBegin();
            long created = 0;
            long pending = PendingFinalizers(() =>
            {
                var statistics = DisposeScopeManager.Statistics.TensorStatistics;
                long before = statistics.CreatedInScopeCount + statistics.CreatedOutsideScopeCount;
                for (int i = 0; i < improvements; i++) stopping.OnEpochEnd(i, logs[i]);
                created = statistics.CreatedInScopeCount + statistics.CreatedOutsideScopeCount - before;
            });
            Assert.Equal(improvements - 1, stopping.BestEpoch);
            stopping.OnTrainEnd();
            return (created, pending);
        }

        [Fact]
        public void The_probe_sees_undisposed_scalars()
        {
            var pending = PendingFinalizers(() =>
            {
                using var t = ones(2);
                for (int i = 0; i < 100; i++) t.mul_(2.0); // each double becomes a Scalar nobody disposes
            });
            Assert.True(pending >= 100, $"the probe counted {pending} objects pending finalization after 100 undisposed Scalars.");
        }

        /// <summary>
        /// Lstm(32) → Dense(10) from the layer modules, as the generator writes it. The Lstm module passes the zero initial
        /// state itself, with the batch size read by <c>size(0)</c>: TorchSharp 0.107's <c>Tensor.shape</c> leaves a managed
        /// <c>PinnedArray</c> to the finalizer on every call (its Dispose does not suppress its finalizer; it holds no
        /// native memory), and TorchSharp's recurrent modules read <c>input.shape</c> when they create the state. So the
        /// count shows the native objects of the training step alone.
        /// </summary>
        private sealed class LstmClassifier : RnnModel
        {
            private readonly Modules.Lstm lstm;
            private readonly Modules.Dense dense;

            private readonly bool _sigmoid;

            public LstmClassifier(bool sigmoid = false) : base("lstm_classifier")
            {
                _sigmoid = sigmoid;
                using var generator = GeneratedModelSupport.CreateGenerator(1);
                lstm = new Modules.Lstm("lstm", 28, 32, returnSequences: false, bidirectional: false, MergeMode.Concat, dropout: 0, generator);
                dense = new Modules.Dense("dense", 32, 10, Activation.None, generator);
                RegisterComponents();
            }

            public override Tensor Forward(Tensor input)
            {
                var logits = dense.Forward(lstm.Forward(input, null).Output, null).Output;
                return _sigmoid ? logits.sigmoid() : logits;
            }

            public override string Summary() => "lstm_classifier";
        }

        /// <summary>Trains an LSTM for <paramref name="steps"/> steps of batch 4; returns the objects pending finalization and the live tensors.</summary>
        private static (long Pending, long LiveTensors) PendingAfterTraining(string optimizer, int steps)
        {
            using var generator = new Generator(5);
            using var x = rand(new long[] { steps * 4, 28, 28 }, generator: generator);
            using var y = randint(0, 10, new long[] { steps * 4 }, generator: generator);
            using var model = new LstmClassifier();
            model.Compile(optimizer: optimizer switch
            {
                "adam" => Optimizers.Adam(clipNorm: 1.0),
                "sgd" => Optimizers.Sgd(momentum: 0.9, nesterov: true),
                _ => Optimizers.RmsProp(momentum: 0.5),
            });
            long live = 0;
            long pending = PendingFinalizers(() =>
            {
                model.Fit(x, y, epochs: 1, batchSize: 4, seed: 1, verbose: 0,
                    callbacks: new[] { LearningRateScheduler.CosineDecay(1e-3, 2) });
                live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            });
            return (pending, live);
        }

        [Fact]
        public void A_data_source_made_on_a_background_thread_leaves_nothing_for_the_finalizer()
        {
            // Each batch crosses threads (made by the producer, checked, trained and disposed on Fit's thread).
            AssertNoGrowth(PendingAfterSourceTraining, 30, 120, "steps from a DataSource");
        }

        private static long PendingAfterSourceTraining(int steps)
        {
            using var generator = new Generator(5);
            using var x = rand(new long[] { steps * 4, 28, 28 }, generator: generator);
            using var y = randint(0, 10, new long[] { steps * 4 }, generator: generator);
            using var model = new LstmClassifier();
            model.Compile(optimizer: Optimizers.Adam());
            var source = new TestSource(steps, prefetch: 2, TestSource.RowBatches(x, y, batchSize: 4, seed: 1)) { KeepsYielded = false };
            return PendingFinalizers(() => model.Fit(source, epochs: 1, verbose: 0));
        }

        [Fact]
        public void Stateful_training_leaves_nothing_for_the_finalizer_and_no_tensor_alive()
        {
            // The carried state lives outside the steps' dispose scopes: each is disposed when the next replaces it, the
            // last when Fit ends, in training and in the stateful validation.
            var (few, fewLeft) = PendingAfterStatefulTraining(30);
            var (many, manyLeft) = PendingAfterStatefulTraining(120);
            Assert.True(many - few < 20, $"{few} objects were left for the finalizer after 30 stateful steps, {many} after 120.");
            Assert.Equal((0, 0), (fewLeft, manyLeft));
        }

        /// <summary>
        /// A second stateful Fit of <paramref name="steps"/> steps (the first made the optimizer's state), with a stateful
        /// validation: the objects it left for the finalizer, and the tensors it left alive on this thread.
        /// </summary>
        private static (long Pending, long LiveAfter) PendingAfterStatefulTraining(int steps)
        {
            using var generator = new Generator(5);
            using var ids = randint(0, 12, new long[] { steps * 4 * 6 + 1 }, generator: generator);
            var (x, y) = Rnn.Data.Sequences.Chunks(ids.data<long>().ToArray(), batchSize: 4, length: 6);
            using var xs = x;
            using var ys = y;
            using var vx = x.narrow(0, 0, 8);
            using var vy = y.narrow(0, 0, 8);
            using var model = new StatefulTagger(1);
            model.Compile(optimizer: Optimizers.Adam());
            model.Fit(vx, vy, batchSize: 4, shuffle: false, verbose: 0, stateful: true);
            long live = 0;
            long pending = PendingFinalizers(() =>
            {
                long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
                model.Fit(x, y, batchSize: 4, shuffle: false, verbose: 0, validationData: (vx, vy), stateful: true);
                live = DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
            });
            return (pending, live);
        }

        [Fact]
        public void Generating_leaves_nothing_for_the_finalizer_and_no_tensor_alive()
        {
            // One dispose scope per token; the carried state and the inputs outside it are disposed when replaced.
            var (few, fewLeft) = PendingAfterGenerating(20);
            var (many, manyLeft) = PendingAfterGenerating(200);
            Assert.True(many - few < 20, $"{few} objects were left for the finalizer after 20 generated tokens, {many} after 200.");
            Assert.Equal((0, 0), (fewLeft, manyLeft));
        }

        /// <summary>Generates <paramref name="tokens"/> tokens for a batch of two prompts and for one: the objects left for the finalizer, and the tensors left alive.</summary>
        private static (long Pending, long LiveAfter) PendingAfterGenerating(int tokens)
        {
            using var model = new Rnn.Runtime.Tests.Model.TinyLanguageModel(seed: 1);
            model.Generate(new long[] { 1, 2 }, 2, Sampling.TopP(0.9, seed: 1));
            long live = 0;
            long pending = PendingFinalizers(() =>
            {
                long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
                model.Generate(new[] { new long[] { 1, 2, 3 }, new long[] { 4 } }, tokens, Sampling.TopK(5, seed: 1));
                model.Generate(new long[] { 1, 2, 3 }, tokens, Sampling.TopP(0.9, seed: 1));
                model.Generate(new long[] { 5 }, tokens, Sampling.Greedy);
                live = DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
            });
            return (pending, live);
        }

        [Fact]
        public void Fitting_one_epoch_per_call_leaves_nothing_for_the_finalizer()
        {
            // A caller may call Fit once per epoch (e.g. to give each epoch a new training set), with initialEpoch: whatever
            // Fit sets up per call (checks, the probe, the validation set, the callbacks) must be freed as well.
            AssertNoGrowth(PendingAfterEpochByEpochTraining, 2, 30, "calls of Fit");
        }

        private static long PendingAfterEpochByEpochTraining(int epochs)
        {
            var (x, y) = TestData.Random(16, seed: 5, timesteps: 28);
            using var xs = x;
            using var ys = y;
            using var model = new MnistSample.MnistRnn(1);
            model.Compile(optimizer: Optimizers.Adam());
            var history = new History();
            return PendingFinalizers(() =>
            {
                for (int epoch = 0; epoch < epochs; epoch++)
                    model.Fit(x, y, epochs: epoch + 1, initialEpoch: epoch, batchSize: 8, seed: epoch, verbose: 0,
                        validationData: (x, y), callbacks: new Callback[] { history });
            });
        }

        [Fact]
        public void Distorted_training_sets_leave_nothing_for_the_finalizer()
        {
            // The MNIST sample's per-epoch augmentation runs on the training path, on Fit's producer thread.
            AssertNoGrowth(PendingAfterDistortedEpochs, 2, 30, "distorted sets");
        }

        private static long PendingAfterDistortedEpochs(int epochs)
        {
            var (images, labels) = TestData.Random(16, seed: 5, timesteps: 28);
            using var imagesScope = images;
            using var labelsScope = labels;
            return PendingFinalizers(() =>
            {
                using var sets = new MnistSample.DistortedEpochs(images, labels, copies: 2, MnistSample.Distortion.Default, seed: 1);
                for (int epoch = 0; epoch < epochs; epoch++) sets.For(epoch);
            });
        }

        /// <summary>
        /// Asserts that the objects left for the finalizer after <paramref name="many"/> repetitions (steps, epochs, calls)
        /// are fewer than 20 more than after <paramref name="few"/>: a leak of one object per repetition would exceed
        /// that, while the runner's own garbage varies by a few.
        /// </summary>
        [Fact]
        public void A_masked_recurrent_model_leaves_nothing_for_the_finalizer()
        {
            // Padded token ids run as packed sequences: the zero state is passed in, and the lengths read without item<long>().
            AssertNoGrowth(PendingAfterMaskedTraining, 30, 120, "steps");
        }

        private static long PendingAfterMaskedTraining(int steps)
        {
            using var generator = new Generator(7);
            using var ids = randint(1, 20, new long[] { steps * 4, 6 }, generator: generator);
            using var lengths = randint(1, 7, new long[] { steps * 4, 1 }, generator: generator);
            using var x = ids.masked_fill(arange(6).unsqueeze(0).ge(lengths), 0);
            using var y = randint(0, 5, new long[] { steps * 4 }, generator: generator);
            using var model = new Model.StateMaskedStack(3);
            model.Compile(optimizer: Optimizers.Adam());
            return PendingFinalizers(() => model.Fit(x, y, epochs: 1, batchSize: 4, seed: 1, verbose: 0));
        }

        [Fact]
        public void A_Seq2Seq_model_trains_and_translates_leaving_nothing_for_the_finalizer()
        {
            // Two inputs per step (the source through the encoder, its state into the decoder), then the decoding loops.
            AssertNoGrowth(PendingAfterSeq2SeqTraining, 30, 120, "steps");
            AssertNoGrowth(sources => PendingAfterTranslating(sources, beamWidth: 1), 8, 32, "translated sources");
            AssertNoGrowth(sources => PendingAfterTranslating(sources, beamWidth: 3), 8, 32, "translated sources (beam 3)");
        }

        private static long PendingAfterSeq2SeqTraining(int steps)
        {
            var (sources, targets) = Seq2Seq.Toy.Reversals(steps * 4, seed: 5);
            var (source, targetInput, target) = Seq2Seq.Toy.Batch(sources, targets);
            using (source)
            using (targetInput)
            using (target)
            using (var model = new Seq2Seq.ToyTranslator(1))
            {
                model.Compile(optimizer: Optimizers.Adam());
                return PendingFinalizers(() => model.Fit((source, targetInput), target, epochs: 1, batchSize: 4, seed: 1, verbose: 0));
            }
        }

        private static long PendingAfterTranslating(int sources, int beamWidth)
        {
            var (words, _) = Seq2Seq.Toy.Reversals(sources, seed: 6);
            using var source = Seq2Seq.Toy.Padded(words);
            using var model = new Seq2Seq.ToyTranslator(2);
            model.Translate(source, 8, Seq2Seq.Toy.Start, Seq2Seq.Toy.End, beamWidth); // warm-up
            // One source per call, so that the number of decoding steps grows with the number of sources.
            return PendingFinalizers(() =>
            {
                for (int i = 0; i < sources; i++)
                    { using var one = source.narrow(0, i, 1); model.Translate(one, 8, Seq2Seq.Toy.Start, Seq2Seq.Toy.End, beamWidth); }
            });
        }

        private static void AssertNoGrowth(Func<int, long> pendingAfter, int few, int many, string repetitions)
        {
            long afterFew = pendingAfter(few), afterMany = pendingAfter(many);
            Assert.True(afterMany - afterFew < 20,
                $"{afterFew} objects were left for the finalizer after {few} {repetitions}, {afterMany} after {many}.");
        }

        /// <summary>
        /// The number of objects that became unreachable with a finalizer pending while <paramref name="action"/> ran. No GC
        /// may run inside it (a no-GC region), or it would finalize some of them and hide them from the count.
        /// </summary>
        private static long PendingFinalizers(Action action)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.True(GC.TryStartNoGCRegion(200_000_000), "could not start a no-GC region");
            try
            {
                action();
            }
            finally
            {
                Assert.Equal(System.Runtime.GCLatencyMode.NoGCRegion, System.Runtime.GCSettings.LatencyMode); // no GC ran inside
                GC.EndNoGCRegion();
            }
            GC.Collect();
            long pending = GC.GetGCMemoryInfo(GCKind.Any).FinalizationPendingCount;
            GC.WaitForPendingFinalizers();
            return pending;
        }
    }
}
