using System;
using System.Threading;

namespace Rnn
{
    public abstract partial class RnnModel
    {
        private readonly object _modeGate = new();

        /// <summary>
        /// Held for reading by each <see cref="Predict"/> and <see cref="Evaluate"/> (and the probes Fit runs), for
        /// writing while <see cref="LoadWeights"/> copies new weights in: no inference sees half-copied weights.
        /// </summary>
        private readonly ReaderWriterLockSlim _weightsGate = new(LockRecursionPolicy.SupportsRecursion);
        private int _inferenceCalls;
        private bool _trainingBeforeInference;

        /// <summary>
        /// Switches to evaluation mode for a <see cref="Predict"/> or <see cref="Evaluate"/> call, holding the weights for
        /// reading until <see cref="ExitInference"/> (on the same thread). Calls are counted, so with several running at
        /// once on different threads the first records the mode and the last restores it.
        /// </summary>
        internal void EnterInference()
        {
            _weightsGate.EnterReadLock();
            lock (_modeGate)
            {
                if (_inferenceCalls++ == 0)
                {
                    _trainingBeforeInference = training;
                    eval();
                }
            }
        }

        /// <summary>Ends what <see cref="EnterInference"/> began; the last call to end restores the training mode.</summary>
        internal void ExitInference()
        {
            lock (_modeGate)
            {
                if (--_inferenceCalls == 0) train(_trainingBeforeInference);
            }
            _weightsGate.ExitReadLock();
        }

        /// <summary>
        /// Runs <paramref name="replace"/>, which writes new values into the weights, while no inference runs: it waits
        /// for the running ones to end, and new ones wait for it.
        /// </summary>
        internal void ReplaceWeights(Action replace)
        {
            _weightsGate.EnterWriteLock();
            try
            {
                replace();
            }
            finally
            {
                _weightsGate.ExitWriteLock();
            }
        }

        /// <summary>The training setup, compiling the defaults first if needed; safe when called from several threads.</summary>
        internal TrainingSetup CompiledSetup()
        {
            lock (_modeGate)
            {
                if (_trainingSetup is null) Compile();
                return _trainingSetup!;
            }
        }
    }
}
