using Rnn.IO;

namespace Rnn
{
    /// <summary>
    /// A callback that backs up the whole training run and resumes it, as <see cref="BackupAndRestore"/>. The
    /// <see cref="CallbackList"/> drives it at the two moments an ordinary hook cannot give it: the checkpoint is read
    /// and checked before any callback's <see cref="Callback.OnTrainBegin"/> (so a refused checkpoint changes nothing)
    /// and put in place after all of them (so their resets do not undo it); and it is written after every callback's
    /// <see cref="Callback.OnEpochEnd"/> (so it holds the epoch's history and the callbacks' states). Fit takes at most one.
    /// </summary>
    internal interface IRunBackupCallback
    {
        /// <summary>
        /// Reads and checks the backup against <paramref name="run"/> without changing anything; null when there is
        /// none and training starts afresh.
        /// </summary>
        CheckpointRestore? PrepareResume(TrainingRun run);

        /// <summary>Backs up <paramref name="run"/> after <paramref name="completedEpochs"/> epochs.</summary>
        void BackUp(TrainingRun run, int completedEpochs);
    }
}
