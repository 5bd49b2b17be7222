namespace Rnn
{
    public abstract partial class RnnModel
    {
        private readonly object _modeGate = new();
        private int _inferenceCalls;
        private bool _trainingBeforeInference;

        /// <summary>
        /// Switches to evaluation mode for a <see cref="Predict"/> or <see cref="Evaluate"/> call. Calls are counted, so
        /// with several running at once on different threads the first records the mode and the last restores it.
        /// </summary>
        internal void EnterInference()
        {
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
