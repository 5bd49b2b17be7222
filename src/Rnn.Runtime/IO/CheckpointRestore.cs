using System;
using System.Collections.Generic;

namespace Rnn.IO
{
    /// <summary>A training checkpoint that was read and checked in full: applying it cannot fail halfway.</summary>
    internal sealed class CheckpointRestore : IDisposable
    {
        private readonly CheckpointEntries _entries;
        private readonly IReadOnlyList<Action> _steps;

        public CheckpointRestore(CheckpointEntries entries, int epoch, IReadOnlyList<Action> steps)
        {
            _entries = entries;
            Epoch = epoch;
            _steps = steps;
        }

        /// <summary>The number of epochs finished when the checkpoint was written: the epoch to continue with.</summary>
        public int Epoch { get; }

        /// <summary>Puts every part of the checkpoint in place: weights, optimizer, generators, history, callbacks.</summary>
        public void Apply()
        {
            foreach (var step in _steps) step();
        }

        /// <summary>Releases the values read from the file.</summary>
        public void Dispose() => _entries.Dispose();
    }
}
