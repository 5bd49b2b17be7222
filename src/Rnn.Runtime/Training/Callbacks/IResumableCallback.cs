using System;
using Rnn.IO;

namespace Rnn
{
    /// <summary>
    /// A callback whose state a training checkpoint (<see cref="BackupAndRestore"/>) saves and restores, so that a
    /// resumed Fit decides as the uninterrupted one would (e.g. <see cref="EarlyStopping"/>'s epochs without improvement).
    /// </summary>
    internal interface IResumableCallback
    {
        /// <summary>The callback and what it watches, e.g. <c>EarlyStopping(val_loss)</c>: a checkpoint's states are matched to callbacks by it.</summary>
        string CheckpointName { get; }

        /// <summary>Adds the state to <paramref name="content"/>, each entry named <paramref name="prefix"/> + a name.</summary>
        void SaveState(CheckpointContent content, string prefix);

        /// <summary>
        /// Reads and checks the state under <paramref name="prefix"/> without changing anything, and returns the step
        /// that puts it in place, which cannot fail.
        /// </summary>
        Action PrepareRestore(CheckpointEntries entries, string prefix);
    }
}
