using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rnn;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    public sealed class CallbackTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-checkpoint-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private sealed class Recorder : Callback
        {
            public List<string> Calls { get; } = new();
            public List<long> LiveTensors { get; } = new();
            public override void OnTrainBegin() => Calls.Add("train_begin");
            public override void OnEpochBegin(int epoch) => Calls.Add($"epoch_begin {epoch}");
            public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
            {
                Calls.Add($"epoch_end {epoch} {string.Join(",", logs.Keys.OrderBy(k => k, StringComparer.Ordinal))}");
                LiveTensors.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            }
            public override void OnTrainEnd() => Calls.Add("train_end");
        }

        [Fact]
        public void Callbacks_AreCalledInKerasOrder()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(10);
            var recorder = new Recorder();

            model.Fit(x, y, epochs: 2, batchSize: 5, validationSplit: 0.2, seed: 1, verbose: 0, callbacks: new[] { recorder });

            Assert.Same(model, recorder.Model);
            Assert.Equal(new[]
            {
                "train_begin",
                "epoch_begin 0", "epoch_end 0 accuracy,loss,val_accuracy,val_loss",
                "epoch_begin 1", "epoch_end 1 accuracy,loss,val_accuracy,val_loss",
                "train_end",
            }, recorder.Calls);
        }

        [Fact]
        public void LiveTensorCount_StaysFlatAcrossEpochs()
        {
            using var model = new TestRnn(units: 16, seed: 1);
            var (x, y) = TestData.Random(200);
            var recorder = new Recorder();

            model.Fit(x, y, epochs: 6, batchSize: 16, validationSplit: 0.1, seed: 1, verbose: 0, callbacks: new[] { recorder });

            // Every epoch creates hundreds of tensors (13 steps, shuffling, validation); none may survive it.
            Assert.Single(recorder.LiveTensors.Distinct());
        }

        [Fact]
        public void ModelCheckpoint_SavesWeightsAtomically_AndTheyLoadBack()
        {
            string path = Path.Combine(_dir, "nested", "best.bin");
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(20);
            var checkpoint = new ModelCheckpoint(path, monitor: "loss", saveBestOnly: false);

            model.Fit(x, y, epochs: 2, batchSize: 5, seed: 1, verbose: 0, callbacks: new[] { checkpoint });

            Assert.Equal(1, checkpoint.SavedEpoch);
            Assert.Equal(new[] { "best.bin" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
            string direct = Path.Combine(_dir, "direct.bin");
            model.SaveWeights(direct);
            Assert.Equal(File.ReadAllBytes(direct), File.ReadAllBytes(path));
            using var restored = new TestRnn(units: 8, seed: 99);
            restored.LoadWeights(path);
            using var expected = model.Predict(x);
            using var actual = restored.Predict(x);
            Assert.True(expected.allclose(actual));
        }

        /// <summary>A model whose save fails midway: after the real weights, its state holds a disposed tensor.</summary>
        private sealed class UnsavableModel : RnnModel
        {
            private readonly Modules.Dense dense;

            public UnsavableModel() : base("unsavable")
            {
                dense = new Modules.Dense("dense", 28, 10, Activation.None, null);
                RegisterComponents();
            }

            public override Tensor Forward(Tensor input) => dense.Forward(input, null).Output;

            public override string Summary() => "unsavable";

            public override Dictionary<string, Tensor> state_dict(Dictionary<string, Tensor>? destination = null, string? prefix = null)
            {
                var state = base.state_dict(destination, prefix);
                var broken = zeros(1);
                broken.Dispose();
                state["zz_broken"] = broken;
                return state;
            }
        }

        [Fact]
        public void ModelCheckpoint_SaveThatFailsMidway_LeavesThePreviousCheckpointAndNoTemporaryFile()
        {
            string path = Path.Combine(_dir, "best.bin");
            using var model = new TestRnn(units: 8, seed: 1);
            model.SaveWeights(path);
            byte[] previous = File.ReadAllBytes(path);
            using var unsavable = new UnsavableModel();
            var checkpoint = new ModelCheckpoint(path, monitor: "loss", saveBestOnly: false) { Model = unsavable };

            Assert.Throws<InvalidOperationException>(() => checkpoint.OnEpochEnd(0, new Dictionary<string, double> { ["loss"] = 1 }));

            Assert.Null(checkpoint.SavedEpoch);
            Assert.Equal(previous, File.ReadAllBytes(path));
            Assert.Equal(new[] { "best.bin" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
        }

        [Fact]
        public void ModelCheckpoint_SaveBestOnly_KeepsTheBestEpoch()
        {
            string path = Path.Combine(_dir, "best.bin");
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(20);
            var checkpoint = new ModelCheckpoint(path, monitor: "val_accuracy");

            var history = model.Fit(x, y, epochs: 4, batchSize: 4, validationSplit: 0.25, seed: 1, verbose: 0, callbacks: new[] { checkpoint });

            var accuracies = history["val_accuracy"];
            Assert.Equal(accuracies.Max(), checkpoint.Best);
            Assert.Equal(accuracies.ToList().IndexOf(accuracies.Max()), checkpoint.SavedEpoch);
            Assert.True(File.Exists(path));
        }

        [Fact]
        public void ModelCheckpoint_MonitoringMissingMetric_SaysHowToGetIt()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(8);
            var checkpoint = new ModelCheckpoint(Path.Combine(_dir, "m.bin"));

            var e = Assert.Throws<InvalidOperationException>(() =>
                model.Fit(x, y, batchSize: 4, verbose: 0, callbacks: new[] { checkpoint }));

            Assert.Contains("monitors 'val_loss', but training reports only accuracy, loss; pass validationSplit or validationData", e.Message);
            Assert.False(File.Exists(Path.Combine(_dir, "m.bin")));
        }

        [Fact]
        public void EarlyStopping_StopsWhenTheMetricStopsImproving()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(16);
            // Loss goes down, so in Max mode only the first epoch "improves": patience 1 stops after epoch 1.
            var stopping = new EarlyStopping(monitor: "loss", patience: 1, mode: MonitorMode.Max);

            var history = model.Fit(x, y, epochs: 10, batchSize: 4, seed: 1, verbose: 0, callbacks: new[] { stopping });

            Assert.Equal(new[] { 0, 1 }, history.Epochs);
            Assert.Equal(1, stopping.StoppedEpoch);
        }
    }
}
