using System;
using System.IO;
using Rnn.IO;

namespace Rnn
{
    /// <summary>
    /// Makes <see cref="O:Rnn.RnnModel.Fit"/> resumable after a crash, as Keras's <c>keras.callbacks.BackupAndRestore</c>:
    /// after every epoch a full training checkpoint is written to <see cref="BackupDir"/>; when Fit starts and a
    /// checkpoint is there, training continues from it, and when Fit finishes the checkpoint is deleted. Run the same
    /// program again after a crash (same model, compile, data, arguments and callbacks) and the epochs that follow are
    /// the ones the uninterrupted run would have had, to the bit at the same thread count.
    /// </summary>
    /// <remarks>
    /// <para>The checkpoint holds the weights, the optimizer's state (Adam's moments, the step count) and learning
    /// rate, the number of finished epochs, the <see cref="History"/> so far, the state of Fit's shuffling generator and
    /// of TorchSharp's global generator (which dropout draws from; resuming sets it), and the state of
    /// <see cref="EarlyStopping"/> (with its best weights), <see cref="ReduceLROnPlateau"/> and
    /// <see cref="ModelCheckpoint"/>. Your own callbacks' state is not saved.</para>
    /// <para>It is written atomically (a crash while writing leaves the previous checkpoint) in Rnn's weights format,
    /// with SHA-256 checksums. Before anything changes, the whole file is checked against the model type and its
    /// tensors, the compiled optimizer and its hyper-parameters, the <c>seed</c> and the callbacks; on any difference or
    /// damage Fit throws an <see cref="InvalidDataException"/> naming the file and what differs, and the model is left
    /// as it was. A restored checkpoint replaces <c>initialEpoch</c>.</para>
    /// <para>Fit's callback list drives it wherever it is listed: the checkpoint is checked before any callback's
    /// <see cref="Callback.OnTrainBegin"/>, put in place after all of them, and written after every callback's
    /// <see cref="Callback.OnEpochEnd"/>.</para>
    /// </remarks>
    public sealed class BackupAndRestore : Callback, IRunBackupCallback
    {
        /// <summary>The checkpoint's file name inside <see cref="BackupDir"/>.</summary>
        public const string FileName = "training.checkpoint";

        /// <summary>Creates the callback.</summary>
        /// <param name="backupDir">The folder for the checkpoint; created if needed. Use one folder per training run.</param>
        /// <param name="deleteCheckpoint">Delete the checkpoint when Fit finishes (Keras's <c>delete_checkpoint</c>);
        /// false keeps it, e.g. to continue later with more epochs.</param>
        /// <exception cref="ArgumentException">The folder is empty.</exception>
        public BackupAndRestore(string backupDir, bool deleteCheckpoint = true)
        {
            if (string.IsNullOrWhiteSpace(backupDir))
                throw new ArgumentException($"BackupAndRestore needs a backup folder, but got '{backupDir}'.", nameof(backupDir));
            BackupDir = backupDir;
            DeleteCheckpoint = deleteCheckpoint;
        }

        /// <summary>The folder the checkpoint is written to.</summary>
        public string BackupDir { get; }

        /// <summary>Whether the checkpoint is deleted when Fit finishes.</summary>
        public bool DeleteCheckpoint { get; }

        /// <summary>The checkpoint file: <see cref="FileName"/> in <see cref="BackupDir"/>.</summary>
        public string CheckpointPath => Path.Combine(BackupDir, FileName);

        /// <summary>
        /// The number of finished epochs the last Fit resumed from (the first epoch it ran), or null if it found no
        /// checkpoint and started afresh.
        /// </summary>
        public int? RestoredEpoch { get; private set; }

        /// <summary>Deletes the checkpoint if <see cref="DeleteCheckpoint"/>: training finished (or stopped early) normally.</summary>
        public override void OnTrainEnd()
        {
            if (DeleteCheckpoint) File.Delete(CheckpointPath);
        }

        /// <summary>
        /// Reads and checks the checkpoint against <paramref name="run"/> without changing anything; null when there is none.
        /// </summary>
        CheckpointRestore? IRunBackupCallback.PrepareResume(TrainingRun run)
        {
            RestoredEpoch = null;
            AtomicFile.RemoveOrphans(CheckpointPath);
            if (!File.Exists(CheckpointPath)) return null;
            var restore = TrainingCheckpoint.Prepare(CheckpointPath, run);
            RestoredEpoch = restore.Epoch;
            return restore;
        }

        /// <summary>Writes the checkpoint of <paramref name="run"/> after <paramref name="completedEpochs"/> epochs.</summary>
        void IRunBackupCallback.BackUp(TrainingRun run, int completedEpochs) => TrainingCheckpoint.Write(CheckpointPath, run, completedEpochs);
    }
}
