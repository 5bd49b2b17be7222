using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// One Fit call's training batches, checked and with the targets as the loss takes them: from tensors in memory
    /// (<see cref="TensorFeed"/>) or from a <see cref="DataSource"/> (<see cref="SourceFeed"/>). The epoch loop takes
    /// each epoch's batches from here and disposes each after its step.
    /// </summary>
    internal abstract class TrainingFeed : IDisposable
    {
        /// <summary>The batches every epoch has.</summary>
        public abstract int BatchesPerEpoch { get; }

        /// <summary>The seeded generator that orders the batches, which a training checkpoint saves; null when there is none.</summary>
        public virtual Generator? Shuffle => null;

        /// <summary>The class weights of the loss, or null; set by the time <see cref="Epoch"/> yields its first batch.</summary>
        public ClassWeights? ClassWeights { get; protected set; }

        /// <summary>Called once, before the first <see cref="Epoch"/>: training runs epochs <paramref name="firstEpoch"/> to <paramref name="epochs"/> − 1, unless it stops early.</summary>
        public virtual void Start(int firstEpoch, int epochs) { }

        /// <summary>
        /// Checks, before the first step, what a stateful Fit needs of the batches that can be known before they are made:
        /// the same rows in every batch, in order. Nothing by default: a feed that makes its batches as it goes has each
        /// batch's rows checked before its step (<see cref="CarriedState.CheckRows"/>).
        /// </summary>
        /// <exception cref="ArgumentException">The batches cannot carry a state.</exception>
        public virtual void CheckStateful(string name) { }

        /// <summary>
        /// Epoch <paramref name="epoch"/>'s batches, in training order; the caller owns and disposes each. Enumerated on
        /// Fit's thread, once per epoch, in increasing order; an epoch may be left before its end when training stops.
        /// </summary>
        public abstract IEnumerable<TrainingData> Epoch(int epoch);

        /// <inheritdoc/>
        public abstract void Dispose();
    }
}
