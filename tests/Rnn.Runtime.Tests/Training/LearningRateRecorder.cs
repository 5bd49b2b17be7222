using System.Collections.Generic;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>
    /// Records the model's learning rate as training runs, for tests of schedules and of resumed runs. Put it after the
    /// callbacks that set the rate: it then sees the rate they set.
    /// </summary>
    internal sealed class LearningRateRecorder : Callback
    {
        /// <summary>The rate of every training step, read before the step (after the callbacks before this one set it).</summary>
        public List<double> AtEachStep { get; } = new();

        /// <summary>The rate each epoch trains its first step with.</summary>
        public List<double> AtEpochStart { get; } = new();

        /// <summary>The rate at the end of each epoch, after the callbacks before this one reacted to its metrics.</summary>
        public List<double> AtEpochEnd { get; } = new();

        /// <inheritdoc/>
        public override void OnTrainBatchBegin(int batch)
        {
            AtEachStep.Add(Model!.LearningRate);
            if (batch == 0) AtEpochStart.Add(Model.LearningRate);
        }

        /// <inheritdoc/>
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => AtEpochEnd.Add(Model!.LearningRate);
    }
}
