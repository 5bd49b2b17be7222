using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rnn;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>
    /// <see cref="BackupAndRestore"/> in one process: a checkpoint that does not fit (truncated, corrupt, another model,
    /// another optimizer, other callbacks) is refused before anything changes, and the state of ReduceLROnPlateau,
    /// LearningRateScheduler and EarlyStopping (with its best weights) resumes, wherever BackupAndRestore is listed. The
    /// kill-and-resume acceptance is <see cref="ResumeTrainingTests"/>.
    /// </summary>
    public sealed class BackupAndRestoreTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "rnn-backup-" + Guid.NewGuid().ToString("N"));
        private readonly Tensor _x, _y;

        public BackupAndRestoreTests() => (_x, _y) = TestData.Random(48, seed: 3, timesteps: 28);

        public void Dispose()
        {
            _x.Dispose();
            _y.Dispose();
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }

        private string CheckpointPath => Path.Combine(_dir, BackupAndRestore.FileName);

        private static TestRnn NewModel(int units = 16, OptimizerSettings? optimizer = null)
        {
            var model = new TestRnn(units, seed: 1);
            model.Compile(optimizer ?? Optimizers.Adam());
            return model;
        }

        private History Fit(RnnModel model, int epochs, params Callback[] callbacks) =>
            model.Fit(_x, _y, epochs: epochs, batchSize: 16, seed: 2, verbose: 0, callbacks: callbacks);

        /// <summary>Trains one epoch with a checkpoint that is kept, and returns the checkpoint's bytes.</summary>
        private byte[] WriteCheckpoint(params Callback[] more)
        {
            using var model = NewModel();
            Fit(model, 1, more.Append(new BackupAndRestore(_dir, deleteCheckpoint: false)).ToArray());
            return File.ReadAllBytes(CheckpointPath);
        }

        /// <summary>
        /// Resuming <paramref name="model"/> from the checkpoint throws; the message names the file; the weights, the
        /// optimizer and the checkpoint are unchanged. Returns the message.
        /// </summary>
        private string AssertRefused(RnnModel model, params Callback[] callbacks)
        {
            byte[] file = File.ReadAllBytes(CheckpointPath);
            var before = model.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone());
            var error = Assert.Throws<InvalidDataException>(() => Fit(model, 3, callbacks.Append(new BackupAndRestore(_dir)).ToArray()));
            Assert.Contains($"'{CheckpointPath}'", error.Message);
            foreach (var (name, tensor) in model.state_dict()) Assert.True(tensor.eq(before[name]).all().item<bool>(), $"{name} changed: {error.Message}");
            var optimizer = model.CompiledSetup().GetOptimizer(model);
            Assert.Equal(0, optimizer.Iterations);
            Assert.All(optimizer.State, s => Assert.Equal(0, s.Value.count_nonzero().item<long>()));
            Assert.Equal(file, File.ReadAllBytes(CheckpointPath));
            foreach (var tensor in before.Values) tensor.Dispose();
            return error.Message;
        }

        [Fact]
        public void A_truncated_checkpoint_is_refused_and_changes_nothing()
        {
            byte[] bytes = WriteCheckpoint();
            File.WriteAllBytes(CheckpointPath, bytes[..(bytes.Length / 2)]);
            using var model = NewModel();
            string message = AssertRefused(model);
            Assert.Contains("training checkpoint", message);
            Assert.Contains("is truncated", message);
        }

        [Fact]
        public void A_corrupt_checkpoint_is_refused_and_changes_nothing()
        {
            byte[] bytes = WriteCheckpoint();
            bytes[bytes.Length / 2] ^= 0x20;
            File.WriteAllBytes(CheckpointPath, bytes);
            using var model = NewModel();
            Assert.Contains("is corrupt", AssertRefused(model));
        }

        [Fact]
        public void The_checkpoint_of_a_model_with_other_shapes_is_refused_naming_the_first_tensor_that_differs()
        {
            WriteCheckpoint();
            using var model = NewModel(units: 8);
            string message = AssertRefused(model);
            Assert.Contains("tensor 'model/simple_rnn.weight_ih_l0' of the model: expected [8, 28] Float32, found [16, 28] Float32", message);
        }

        [Fact]
        public void The_checkpoint_of_another_model_type_is_refused()
        {
            WriteCheckpoint();
            using var model = new MnistSample.MnistRnn(seed: 1);
            model.Compile(Optimizers.Adam());
            string message = AssertRefused(model);
            Assert.Contains($"a different model type, '{typeof(TestRnn).FullName}', not of '{typeof(MnistSample.MnistRnn).FullName}'", message);
        }

        [Fact]
        public void A_checkpoint_written_with_another_optimizer_or_other_hyper_parameters_is_refused()
        {
            WriteCheckpoint();
            using var sgd = NewModel(optimizer: Optimizers.Sgd(momentum: 0.9));
            string message = AssertRefused(sgd);
            Assert.Contains("written by the optimizer adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1E-07)", message);
            Assert.Contains("compiled with sgd(learning_rate=0.01, momentum=0.9)", message);
            using var otherBeta = NewModel(optimizer: Optimizers.Adam(beta2: 0.99));
            Assert.Contains("compiled with adam(learning_rate=0.001, beta_1=0.9, beta_2=0.99, epsilon=1E-07)", AssertRefused(otherBeta));
        }

        [Fact]
        public void A_checkpoint_with_the_state_of_other_callbacks_is_refused()
        {
            WriteCheckpoint(new EarlyStopping(monitor: "loss", patience: 5));
            using var model = NewModel();
            Assert.Contains("state of the callbacks [EarlyStopping(loss)], but Fit was given [ReduceLROnPlateau(loss)]",
                AssertRefused(model, new ReduceLROnPlateau(monitor: "loss")));
        }

        [Fact]
        public void A_weights_file_is_not_taken_for_a_checkpoint_nor_a_checkpoint_for_weights()
        {
            WriteCheckpoint();
            using (var model = NewModel())
            {
                var error = Assert.Throws<InvalidDataException>(() => model.LoadWeights(CheckpointPath));
                Assert.Contains("different model type, 'Rnn training checkpoint of ", error.Message);
                model.SaveWeights(CheckpointPath);
            }
            using var other = NewModel();
            Assert.Contains("is a weights file of ", AssertRefused(other));
        }

        [Fact]
        public void ReduceLROnPlateau_resumes_its_wait_and_the_learning_rate()
        {
            // minDelta is huge, so only epoch 0 improves: with patience 2 the rate halves after epochs 2 and 4. Stopping
            // after epoch 3 leaves a wait of 1 (and the rate halved once) that the resumed run must continue from.
            static ReduceLROnPlateau Reduce() => new(monitor: "loss", factor: 0.5, patience: 2, minDelta: 1e9);
            var (uninterrupted, rates, reduce) = (NewModel(), new LearningRateRecorder(), Reduce());
            var expected = Fit(uninterrupted, 6, reduce, rates);
            Assert.Equal(new[] { 2, 4 }, reduce.ReducedAfterEpochs);

            using (var first = NewModel()) Fit(first, 4, Reduce(), new BackupAndRestore(_dir, deleteCheckpoint: false));
            var (resumed, resumedRates, resumedReduce, backup) = (NewModel(), new LearningRateRecorder(), Reduce(), new BackupAndRestore(_dir));
            var history = Fit(resumed, 6, resumedReduce, resumedRates, backup);

            Assert.Equal(4, backup.RestoredEpoch);
            Assert.Equal(rates.AtEpochStart.Skip(4), resumedRates.AtEpochStart);
            Assert.Equal(new[] { 2, 4 }, resumedReduce.ReducedAfterEpochs);
            Assert.Equal(expected.Epochs, history.Epochs);
            for (int i = 0; i < 6; i++) Assert.Equal(expected["loss"][i], history["loss"][i], 1e-6);
            Assert.Equal(uninterrupted.LearningRate, resumed.LearningRate);
            uninterrupted.Dispose();
            resumed.Dispose();
        }

        [Fact]
        public void A_learning_rate_schedule_resumes_at_the_next_epoch_from_the_saved_rate()
        {
            // The schedule halves the current rate: a resumed run that lost the rate or the epoch would differ.
            static LearningRateScheduler Halve() => new((epoch, rate) => rate * 0.5);
            using var uninterrupted = NewModel();
            var rates = new LearningRateRecorder();
            Fit(uninterrupted, 4, Halve(), rates);

            using (var first = NewModel()) Fit(first, 2, Halve(), new BackupAndRestore(_dir, deleteCheckpoint: false));
            using var resumed = NewModel();
            var resumedRates = new LearningRateRecorder();
            Fit(resumed, 4, Halve(), resumedRates, new BackupAndRestore(_dir));

            Assert.Equal(new[] { 5e-4, 2.5e-4, 1.25e-4, 6.25e-5 }, rates.AtEpochStart);
            Assert.Equal(rates.AtEpochStart.Skip(2), resumedRates.AtEpochStart);
        }

        [Fact]
        public void A_checkpoint_of_EarlyStopping_with_best_weights_is_refused_by_a_run_without_them()
        {
            // Resuming with restoreBestWeights changed used to restore the saved best weights anyway. Now the flag is part
            // of the callbacks the checkpoint was written for, so the run is refused before anything changes.
            static EarlyStopping Stop(bool restore) => new(monitor: "loss", patience: 2, minDelta: 1e9, restoreBestWeights: restore);
            using (var first = NewModel()) Fit(first, 2, Stop(restore: true), new BackupAndRestore(_dir, deleteCheckpoint: false));
            using var resumed = NewModel();
            var before = resumed.parameters().Select(p => p.detach().clone()).ToArray();

            var error = Assert.Throws<InvalidDataException>(() => Fit(resumed, 10, Stop(restore: false), new BackupAndRestore(_dir)));

            Assert.Contains("state of the callbacks [EarlyStopping(loss, restoreBestWeights)], but Fit was given [EarlyStopping(loss)]", error.Message);
            var after = resumed.parameters().ToArray();
            for (int i = 0; i < before.Length; i++) Assert.True(after[i].allclose(before[i], rtol: 0, atol: 0), $"parameter {i} changed");
            foreach (var tensor in before) tensor.Dispose();
        }

        [Fact]
        public void EarlyStopping_resumes_its_wait_and_stops_where_the_uninterrupted_run_stops()
        {
            static EarlyStopping Stop() => new(monitor: "loss", patience: 2, minDelta: 1e9);
            using var uninterrupted = NewModel();
            var stop = Stop();
            var expected = Fit(uninterrupted, 10, stop);
            Assert.Equal(2, stop.StoppedEpoch);

            using (var first = NewModel()) Fit(first, 2, Stop(), new BackupAndRestore(_dir, deleteCheckpoint: false));
            using var resumed = NewModel();
            var resumedStop = Stop();
            var history = Fit(resumed, 10, resumedStop, new BackupAndRestore(_dir));

            Assert.Equal(2, resumedStop.StoppedEpoch);
            Assert.Equal(0, resumedStop.BestEpoch);
            Assert.Equal(new[] { 0, 1, 2 }, history.Epochs);
            Assert.Equal(expected.Epochs, history.Epochs);
            Assert.False(File.Exists(CheckpointPath));
        }

        [Fact]
        public void Listed_before_the_callbacks_it_saves_it_still_backs_up_and_resumes_their_whole_epoch()
        {
            // BackupAndRestore goes through the callback list, but not at its place in it: its checkpoint is checked before
            // any callback starts, put in place after every OnTrainBegin, and written after every OnEpochEnd (History's too).
            // minDelta is huge, so only epoch 0 improves: with patience 2, training stops after epoch 2.
            static EarlyStopping Stop() => new(monitor: "loss", patience: 2, minDelta: 1e9);
            var stop = Stop();
            History expected;
            using (var uninterrupted = NewModel()) expected = Fit(uninterrupted, 10, stop);
            Assert.Equal(2, stop.StoppedEpoch);

            // The backup after epoch 1 must hold EarlyStopping's wait of 1 and the History of epochs 0 and 1, both updated
            // by callbacks that come after it in the list; and the resume must not be undone by EarlyStopping's reset.
            using (var first = NewModel()) Fit(first, 2, new BackupAndRestore(_dir, deleteCheckpoint: false), Stop());
            using var resumed = NewModel();
            var backup = new BackupAndRestore(_dir);
            var resumedStop = Stop();
            var history = Fit(resumed, 10, backup, resumedStop);

            Assert.Equal(2, backup.RestoredEpoch);
            Assert.Equal(2, resumedStop.StoppedEpoch);
            Assert.Equal(0, resumedStop.BestEpoch);
            Assert.Equal(new[] { 0, 1, 2 }, history.Epochs);
            Assert.Equal(expected.Epochs, history.Epochs);
            for (int i = 0; i < 3; i++) Assert.Equal(expected["loss"][i], history["loss"][i], 1e-6);
            Assert.False(File.Exists(backup.CheckpointPath));
        }

        [Fact]
        public void EarlyStopping_resumes_the_best_weights_saved_before_the_interruption_and_puts_them_back_at_the_end()
        {
            // Only epoch 0 improves, so both runs must end with epoch 0's weights; a resume that lost them would keep epoch 2's.
            static EarlyStopping Stop() => new(monitor: "loss", patience: 10, minDelta: 1e9, restoreBestWeights: true);
            using var uninterrupted = NewModel();
            Fit(uninterrupted, 4, Stop());

            using (var first = NewModel()) Fit(first, 2, new BackupAndRestore(_dir, deleteCheckpoint: false), Stop());
            using var resumed = NewModel();
            var stop = Stop();
            var history = Fit(resumed, 4, new BackupAndRestore(_dir), stop);

            Assert.Equal(new[] { 0, 1, 2, 3 }, history.Epochs);
            Assert.Equal(0, stop.BestEpoch);
            var expected = uninterrupted.state_dict();
            foreach (var (name, tensor) in resumed.state_dict())
                Assert.True(tensor.allclose(expected[name], rtol: 0, atol: 0), $"{name} differs from the uninterrupted run's best weights");
        }

        [Fact]
        public void Writing_and_restoring_checkpoints_leaves_no_tensor_alive()
        {
            // Live tensors on this thread after training with a checkpoint per epoch and a resume: the same for 2 and 8 epochs.
            long LiveAfter(int epochs)
            {
                using var model = NewModel();
                Fit(model, 1); // creates the optimizer
                var backup = new BackupAndRestore(Path.Combine(_dir, epochs.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
                Fit(model, epochs, new BackupAndRestore(backup.BackupDir, deleteCheckpoint: false));
                Fit(model, epochs + 1, backup);
                Assert.Equal(epochs, backup.RestoredEpoch);
                return TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
            }
            Assert.Equal(0, LiveAfter(2));
            Assert.Equal(0, LiveAfter(8));
        }
    }
}
