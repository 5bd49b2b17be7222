using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Rnn;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>The callback list (order, batch hooks, History and progress as callbacks) and Keras's callbacks.</summary>
    public sealed class CallbackListTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-callbacks-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static string Keys(IReadOnlyDictionary<string, double> logs) => string.Join(",", logs.Keys.OrderBy(k => k, StringComparer.Ordinal));

        private sealed class Recorder : Callback
        {
            private readonly string _tag;
            public Recorder(List<string> calls, string tag = "") { Calls = calls; _tag = tag; }
            public List<string> Calls { get; }
            private void Add(string call) => Calls.Add(_tag + call);
            public override void OnTrainBegin() => Add("train_begin");
            public override void OnEpochBegin(int epoch) => Add($"epoch_begin {epoch}");
            public override void OnTrainBatchBegin(int batch) => Add($"train_batch_begin {batch}");
            public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Add($"train_batch_end {batch} {Keys(logs)}");
            public override void OnTestBegin() => Add("test_begin");
            public override void OnTestBatchBegin(int batch) => Add($"test_batch_begin {batch}");
            public override void OnTestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Add($"test_batch_end {batch} {Keys(logs)}");
            public override void OnTestEnd(IReadOnlyDictionary<string, double> logs) => Add($"test_end {Keys(logs)}");
            public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => Add($"epoch_end {epoch} {Keys(logs)}");
            public override void OnTrainEnd() => Add("train_end");
        }

        [Fact]
        public void Hooks_RunInKerasOrder_ThroughOneList_InTheOrderGiven()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            var (x, y) = TestData.Random(10);
            var calls = new List<string>();

            // 8 training samples → batches of 4, 4; 2 validation samples → one batch.
            model.Fit(x, y, epochs: 2, batchSize: 4, validationSplit: 0.2, seed: 1, verbose: 0,
                callbacks: new[] { new Recorder(calls, "a:"), new Recorder(calls, "b:") });

            var expected = new List<string> { "train_begin" };
            for (int epoch = 0; epoch < 2; epoch++)
            {
                expected.Add($"epoch_begin {epoch}");
                for (int batch = 0; batch < 2; batch++)
                    expected.AddRange(new[] { $"train_batch_begin {batch}", $"train_batch_end {batch} accuracy,loss" });
                expected.AddRange(new[] { "test_begin", "test_batch_begin 0", "test_batch_end 0 accuracy,loss", "test_end accuracy,loss" });
                expected.Add($"epoch_end {epoch} accuracy,loss,val_accuracy,val_loss");
            }
            expected.Add("train_end");
            Assert.Equal(expected.SelectMany(c => new[] { "a:" + c, "b:" + c }), calls);
        }

        private sealed class LossAtBatchEnd : Callback
        {
            public List<double> Losses { get; } = new();
            public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Losses.Add(logs["loss"]);
        }

        [Fact]
        public void BatchLogs_AreTheEpochsRunningMeans_AndHistoryIsACallback()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            var (x, y) = TestData.Random(10);
            var batches = new LossAtBatchEnd();
            var history = new History();

            var returned = model.Fit(x, y, epochs: 1, batchSize: 4, seed: 1, verbose: 0, callbacks: new Callback[] { batches, history });

            Assert.Same(history, returned);
            Assert.Equal(3, batches.Losses.Count);
            Assert.Equal(batches.Losses[^1], history["loss"][0], 12);
        }

        /// <summary>Counts how often the logs read it: once per batch logs and once per epoch or test logs.</summary>
        private sealed class ResultCounter : IMetric
        {
            public int Results { get; private set; }
            public string Name => "counted";
            public void Update(Tensor targets, Tensor outputs, Tensor? weights) { }
            public double Result() => ++Results;
            public void Reset() { }
        }

        /// <summary>Reads the training batch logs through a base class of its own.</summary>
        private class BatchLogsBase : Callback
        {
            public List<double> Counted { get; } = new();
            public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Counted.Add(logs["counted"]);
        }

        private sealed class InheritsBatchLogs : BatchLogsBase { }

        [Fact]
        public void BatchLogs_AreBuiltOnlyWhenACallbackReadsThem()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            var counter = new ResultCounter();
            model.Compile(metrics: new IMetric[] { counter });
            var (x, y) = TestData.Random(12);
            // 9 training samples in batches of 4 → 3 batches; 3 validation samples → 1 batch. Per epoch without batch
            // readers: the epoch's logs and the validation's logs, 2 results; per epoch before: 3 + 1 + 1 + 1.
            model.Fit(x, y, epochs: 2, batchSize: 4, validationSplit: 0.25, verbose: 0);
            Assert.Equal(4, counter.Results);

            var output = new System.IO.StringWriter();
            model.Fit(x, y, epochs: 2, batchSize: 4, validationSplit: 0.25, verbose: 2, output: output);
            Assert.Equal(8, counter.Results); // the one-line-per-epoch progress reads only the epoch's logs

            var reader = new InheritsBatchLogs();
            model.Fit(x, y, epochs: 2, batchSize: 4, validationSplit: 0.25, verbose: 0, callbacks: new Callback[] { reader });
            Assert.Equal(8 + 2 * (3 + 2), counter.Results);
            Assert.Equal(6, reader.Counted.Count); // every batch, with its own logs (the counter's value when they were built)
            Assert.Equal(reader.Counted.Distinct().Count(), reader.Counted.Count);

            var recorder = new Recorder(new List<string>());
            model.Fit(x, y, epochs: 1, batchSize: 4, validationSplit: 0.25, verbose: 0, callbacks: new Callback[] { recorder });
            Assert.Equal(18 + 3 + 1 + 2, counter.Results); // the test batch logs too, for a callback that reads them
            Assert.Contains("test_batch_end 0 counted,loss", recorder.Calls);
        }

        [Fact]
        public void InitialEpoch_ResumesAtThatEpoch()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            var (x, y) = TestData.Random(8);
            var output = new StringWriter { NewLine = "\n" };
            var history = model.Fit(x, y, epochs: 3, batchSize: 4, seed: 1, verbose: 2, output: output, initialEpoch: 1);
            Assert.Equal(new[] { 1, 2 }, history.Epochs);
            var lines = output.ToString().TrimEnd('\n').Split('\n');
            Assert.Equal("Training on cpu", lines[0]);
            Assert.StartsWith("Epoch 2/3 - ", lines[1]);
            Assert.StartsWith("Epoch 3/3 - ", lines[2]);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, epochs: 3, verbose: 0, initialEpoch: 3));
            Assert.Contains("initialEpoch must be in [0, epochs) = [0, 3), but was 3", e.Message);
        }

        [Fact]
        public void TerminateOnNaN_StopsAfterTheBatchWithANaNLoss()
        {
            // The model's outputs turn NaN from its 3rd training call: batch 2 of epoch 0 (batches of 4 over 20 samples).
            using var model = new TurnsNaN(firstNaNCall: 2);
            var (x, y) = TestData.Random(20);
            var terminate = new TerminateOnNaN();
            var calls = new List<string>();

            var history = model.Fit(x, y, epochs: 5, batchSize: 4, shuffle: false, verbose: 0, callbacks: new Callback[] { terminate, new Recorder(calls) });

            Assert.Equal((0, 2), terminate.TerminatedAt);
            Assert.Equal(new[] { 0 }, history.Epochs);
            Assert.True(double.IsNaN(history["loss"][0]));
            Assert.Equal("train_batch_end 2 accuracy,loss", calls.Last(c => c.StartsWith("train_batch_end", StringComparison.Ordinal)));
            Assert.Equal("train_end", calls[^1]);
        }

        [Fact]
        public void TerminateOnNaN_LetsFiniteTrainingRun()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            var (x, y) = TestData.Random(8);
            var terminate = new TerminateOnNaN();
            Assert.Equal(3, model.Fit(x, y, epochs: 3, batchSize: 4, verbose: 0, callbacks: new[] { terminate }).Epochs.Count);
            Assert.Null(terminate.TerminatedAt);
        }

        [Fact]
        public void ReduceLROnPlateau_FollowsKerasPatienceCooldownAndMinimum()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            model.Compile(optimizer: Optimizers.Sgd(0.1));
            var reduce = new ReduceLROnPlateau(monitor: "val_loss", factor: 0.5, patience: 2, cooldown: 1, minDelta: 0.01, minLearningRate: 0.03) { Model = model };
            // val_loss per epoch, and the rate after each epoch, worked out by hand:
            //  0: 1.00 best                                → 0.1
            //  1: 0.995 not better by 0.01, wait 1         → 0.1
            //  2: 0.99  wait 2 = patience: reduce, cooldown 1 → 0.05
            //  3: 0.98  cooldown 1 → 0; best (0.98 < 0.99)   → 0.05
            //  4: 0.98  wait 1                              → 0.05
            //  5: 0.98  wait 2: reduce to 0.025 → min 0.03, cooldown 1 → 0.03
            //  6: 0.98  cooldown → 0, wait 0 then 1        → 0.03
            //  7: 0.98  wait 2, but the rate is at its minimum → 0.03
            double[] losses = { 1.0, 0.995, 0.99, 0.98, 0.98, 0.98, 0.98, 0.98 };
            double[] expected = { 0.1, 0.1, 0.05, 0.05, 0.05, 0.03, 0.03, 0.03 };
            reduce.OnTrainBegin();
            for (int epoch = 0; epoch < losses.Length; epoch++)
            {
                reduce.OnEpochEnd(epoch, new Dictionary<string, double> { ["val_loss"] = losses[epoch] });
                Assert.Equal(expected[epoch], model.LearningRate, 12);
            }
            Assert.Equal(new[] { 2, 5 }, reduce.ReducedAfterEpochs);
        }

        [Fact]
        public void ReduceLROnPlateau_InFit_LowersTheOptimizersRate()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            model.Compile(optimizer: Optimizers.Adam(0.01));
            var (x, y) = TestData.Random(16);
            var rates = new LearningRateRecorder();
            // In Max mode a falling loss never improves after the first epoch: the rate halves every second epoch.
            model.Fit(x, y, epochs: 5, batchSize: 8, seed: 1, verbose: 0,
                callbacks: new Callback[] { new ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 2, mode: MonitorMode.Max), rates });
            Assert.Equal(new[] { 0.01, 0.01, 0.005, 0.005, 0.0025 }, rates.AtEpochEnd.Select(r => Math.Round(r, 10)));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(factor: 1));
        }

        [Fact]
        public void CsvLogger_WritesAHeaderAndOneRowPerEpoch_CompleteAfterEveryEpoch()
        {
            string path = Path.Combine(_dir, "logs", "training.csv");
            using var model = new TestRnn(units: 4, seed: 1);
            var (x, y) = TestData.Random(10);
            var rowsSeen = new List<int>();
            var reader = new LambdaCallback((epoch, _) => rowsSeen.Add(File.ReadAllLines(path).Length));

            var history = model.Fit(x, y, epochs: 3, batchSize: 4, validationSplit: 0.2, seed: 1, verbose: 0,
                callbacks: new Callback[] { new CSVLogger(path), reader });

            Assert.Equal(new[] { 2, 3, 4 }, rowsSeen);   // header + every finished epoch, at the end of each epoch
            var lines = File.ReadAllLines(path);
            Assert.Equal("epoch,accuracy,loss,val_accuracy,val_loss", lines[0]);
            for (int epoch = 0; epoch < 3; epoch++)
            {
                var fields = lines[epoch + 1].Split(',');
                Assert.Equal(epoch.ToString(CultureInfo.InvariantCulture), fields[0]);
                Assert.Equal(history["accuracy"][epoch], double.Parse(fields[1], CultureInfo.InvariantCulture));
                Assert.Equal(history["loss"][epoch], double.Parse(fields[2], CultureInfo.InvariantCulture));
                Assert.Equal(history["val_loss"][epoch], double.Parse(fields[4], CultureInfo.InvariantCulture));
            }
            Assert.Equal(new[] { "training.csv" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }

        [Fact]
        public void CsvLogger_Append_ResumesTheFile_AndReplaceKeepsTheOldFileUntilTheFirstEpoch()
        {
            string path = Path.Combine(_dir, "resume.csv");
            var (x, y) = TestData.Random(8);
            using var model = new TestRnn(units: 4, seed: 1);
            model.Fit(x, y, epochs: 2, batchSize: 4, verbose: 0, callbacks: new[] { new CSVLogger(path, separator: ";") });
            model.Fit(x, y, epochs: 4, batchSize: 4, verbose: 0, initialEpoch: 2, callbacks: new[] { new CSVLogger(path, separator: ";", append: true) });

            var lines = File.ReadAllLines(path);
            Assert.Equal("epoch;accuracy;loss", lines[0]);
            Assert.Equal(new[] { "0", "1", "2", "3" }, lines.Skip(1).Select(l => l.Split(';')[0]));

            // A Fit that fails before its first epoch ends leaves the previous file as it was.
            byte[] before = File.ReadAllBytes(path);
            Assert.ThrowsAny<ArgumentException>(() => model.Fit(x, y.to_type(ScalarType.Float32), verbose: 0, callbacks: new[] { new CSVLogger(path) }));
            Assert.Equal(before, File.ReadAllBytes(path));
        }

        private sealed class Named : IMetric
        {
            public string Name => "say \"a,b\"";
            public void Update(Tensor targets, Tensor outputs, Tensor? weights) { }
            public double Result() => 1;
            public void Reset() { }
        }

        [Fact]
        public void CsvLogger_QuotesNamesThatHoldTheSeparatorOrQuotes()
        {
            string path = Path.Combine(_dir, "quoted.csv");
            using var model = new TestRnn(units: 4, seed: 1);
            model.Compile(metrics: new IMetric[] { new Named() });
            var (x, y) = TestData.Random(4);
            model.Fit(x, y, batchSize: 4, verbose: 0, callbacks: new[] { new CSVLogger(path) });
            Assert.Equal("epoch,loss,\"say \"\"a,b\"\"\"", File.ReadAllLines(path)[0]);
        }

        private sealed class LambdaCallback : Callback
        {
            private readonly Action<int, IReadOnlyDictionary<string, double>> _onEpochEnd;
            public LambdaCallback(Action<int, IReadOnlyDictionary<string, double>> onEpochEnd) => _onEpochEnd = onEpochEnd;
            public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => _onEpochEnd(epoch, logs);
        }

        private sealed class ThrowsAtTrainBegin : Callback
        {
            public override void OnTrainBegin() => throw new InvalidOperationException("refused at train begin");
        }

        [Fact]
        public void EarlyStopping_holds_no_copy_of_the_weights_when_Fit_fails_before_the_first_epoch()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            model.Compile(optimizer: Optimizers.Sgd(0.05));
            var (x, y) = TestData.Random(16);
            var stopping = new EarlyStopping(monitor: "loss", patience: 2, restoreBestWeights: true);
            long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;

            var error = Assert.Throws<InvalidOperationException>(() =>
                model.Fit(x, y, epochs: 3, batchSize: 4, seed: 1, verbose: 0, callbacks: new Callback[] { stopping, new ThrowsAtTrainBegin() }));

            Assert.Equal("refused at train begin", error.Message);
            // The copy of the best weights is made at the first epoch's end, so a Fit that never got there leaves none behind.
            Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        private sealed class LiveTensors : Callback
        {
            public long AtBegin { get; private set; }
            public long AtEnd { get; private set; }
            public override void OnTrainBegin() => AtBegin = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            public override void OnTrainEnd() => AtEnd = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void EarlyStopping_RestoreBestWeights_PutsTheBestEpochsWeightsBack(bool restore)
        {
            using var model = new TestRnn(units: 4, seed: 1);
            model.Compile(optimizer: Optimizers.Sgd(0.05));   // no optimizer state, so live tensors show only the callbacks'
            var (x, y) = TestData.Random(16);
            var outputs = new List<Tensor>();
            var snapshot = new LambdaCallback((_, _) => outputs.Add(model.Predict(x)));
            // In Max mode the falling loss is best at epoch 0; patience 2 stops after epoch 2.
            var stopping = new EarlyStopping(monitor: "loss", patience: 2, mode: MonitorMode.Max, restoreBestWeights: restore);
            // Counted before the first epoch and after EarlyStopping's OnTrainEnd (which releases the copy of the best weights).
            var (before, after) = (new LiveTensors(), new LiveTensors());

            var history = model.Fit(x, y, epochs: 10, batchSize: 4, seed: 1, verbose: 0, callbacks: new Callback[] { before, snapshot, stopping, after });

            Assert.Equal(new[] { 0, 1, 2 }, history.Epochs);
            Assert.Equal(0, stopping.BestEpoch);
            // Only the three predictions outlive training: the copy of the best weights was released at its end.
            Assert.Equal(before.AtBegin + 3, after.AtEnd);
            using var final = model.Predict(x);
            Assert.Equal(restore, final.allclose(outputs[0], rtol: 0, atol: 0));
            Assert.Equal(!restore, final.allclose(outputs[2], rtol: 0, atol: 0));
            foreach (var o in outputs) o.Dispose();
        }

        [Fact]
        public void EarlyStopping_RestoreBestWeights_KeepsTheLatestImprovement()
        {
            // The copy of the best weights is overwritten in place on each improvement: the last one must win.
            using var model = new TestRnn(units: 4, seed: 1);
            using var stopping = new EarlyStopping(monitor: "loss", patience: 5, restoreBestWeights: true) { Model = model };
            var (x, _) = TestData.Random(4);
            var outputs = new List<Tensor>();
            stopping.OnTrainBegin();
            foreach (var (epoch, loss) in new[] { (0, 3.0), (1, 2.0), (2, 2.5) })
            {
                using (no_grad())
                    foreach (var parameter in model.parameters()) parameter.add_(0.1);
                outputs.Add(model.Predict(x));
                stopping.OnEpochEnd(epoch, new Dictionary<string, double> { ["loss"] = loss });
            }
            stopping.OnTrainEnd();

            Assert.Equal(1, stopping.BestEpoch);
            using var final = model.Predict(x);
            Assert.True(final.allclose(outputs[1], rtol: 0, atol: 0));
            Assert.False(final.allclose(outputs[0], rtol: 0, atol: 0));
            Assert.False(final.allclose(outputs[2], rtol: 0, atol: 0));
            foreach (var o in outputs) o.Dispose();
        }

        [Fact]
        public void EarlyStopping_RestoreBestWeights_AlsoWhenAllEpochsRan_AsKeras3()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            var (x, y) = TestData.Random(16);
            Tensor? best = null;
            var snapshot = new LambdaCallback((epoch, _) => { if (epoch == 0) best = model.Predict(x); });
            var stopping = new EarlyStopping(monitor: "loss", patience: 5, mode: MonitorMode.Max, restoreBestWeights: true);

            model.Fit(x, y, epochs: 3, batchSize: 4, seed: 1, verbose: 0, callbacks: new Callback[] { snapshot, stopping });

            Assert.Null(stopping.StoppedEpoch);
            using var final = model.Predict(x);
            Assert.True(final.allclose(best!, rtol: 0, atol: 0));
            best!.Dispose();
        }
    }
}
