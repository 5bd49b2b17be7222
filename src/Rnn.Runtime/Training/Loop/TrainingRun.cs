using System.Collections.Generic;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>What a training checkpoint saves and restores of one Fit call, besides the epoch count.</summary>
    /// <param name="Model">The model: its weights.</param>
    /// <param name="Setup">The compiled training: its optimizer's state and learning rate.</param>
    /// <param name="Shuffle">The seeded generator that orders the batches, or null when Fit shuffles with TorchSharp's global generator.</param>
    /// <param name="History">The history Fit returns.</param>
    /// <param name="Callbacks">The user's callbacks, in order.</param>
    internal sealed record TrainingRun(RnnModel Model, TrainingSetup Setup, Generator? Shuffle, History History, IReadOnlyList<Callback> Callbacks);
}
