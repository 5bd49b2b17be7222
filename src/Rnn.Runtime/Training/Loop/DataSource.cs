using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Training data that <see cref="RnnModel.Fit(DataSource, int, ValueTuple{Tensor, Tensor}?, int, int, System.IO.TextWriter?, IReadOnlyList{Callback}?, IReadOnlyDictionary{int, double}?, int, bool)"/>
    /// takes epoch by epoch, as Keras's <c>PyDataset</c>: derive from it and yield each epoch's batches, e.g. new
    /// augmented copies every epoch, or batches read from files too large for memory. <see cref="FromTensors"/> wraps
    /// tensors already in memory.
    /// </summary>
    /// <remarks>
    /// <para><b>Background production.</b> With a <see cref="Prefetch"/> of 1 or more, Fit enumerates
    /// <see cref="Batches"/> on a background thread, at most <see cref="Prefetch"/> batches ahead of the step, and goes on
    /// to the next epoch's batches while the current epoch's last steps and validation run. So <see cref="Batches"/> must
    /// not use the model, and should draw random numbers from its own <see cref="Generator"/> rather than TorchSharp's
    /// global one, which dropout draws from on Fit's thread. An exception thrown there is rethrown by Fit, as it was
    /// thrown. When training ends early (<see cref="EarlyStopping"/>, <see cref="RnnModel.StopTraining"/>, an
    /// exception), Fit stops the enumeration (your iterator's <c>finally</c> blocks run) and disposes the batches it
    /// made but did not train on, before it returns.</para>
    /// <para><b>Ownership.</b> Each yielded pair belongs to Fit, which disposes both tensors after the batch's step. Yield
    /// new tensors (the result of indexing, <c>narrow</c>, arithmetic, or a tensor read from a file), never one you keep
    /// using; they may be made inside your own dispose scope, as Fit detaches them from it.</para>
    /// <para><b>Checks.</b> Every batch is checked as Fit checks <c>x</c> and <c>y</c> (shapes, types, finite values,
    /// token ids within the vocabulary, labels within the classes) before its step; a failure throws an
    /// <see cref="ArgumentException"/> that names the batch as <c>data.Batches(epoch)[index]</c>, counting from 0. With a
    /// <see cref="Prefetch"/>, the checks that read values (finite values, the first layer's check such as the token ids,
    /// the labels' range) run on the background thread as each batch is made, so that Fit's thread need not wait for a
    /// GPU to read them; a failure is still thrown at that batch's turn, with the same message.</para>
    /// <para><b>Resuming.</b> <see cref="BackupAndRestore"/> resumes exactly when <see cref="Batches"/> gives the same
    /// batches whenever it is asked for a given epoch: make them a function of the epoch (e.g. a generator seeded with
    /// your seed and the epoch), not of the calls before.</para>
    /// </remarks>
    public abstract class DataSource
    {
        /// <summary>Prepares a source whose batches Fit makes <paramref name="prefetch"/> ahead on a background thread.</summary>
        /// <param name="prefetch">The most batches made ahead of the training step, on a background thread; 0 makes each
        /// batch on Fit's thread when the step needs it. The default, 2, is PyTorch's <c>DataLoader</c> default.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="prefetch"/> is negative.</exception>
        protected DataSource(int prefetch = 2)
        {
            if (prefetch < 0)
                throw new ArgumentOutOfRangeException(nameof(prefetch), prefetch,
                    $"{GetType().Name}: prefetch must be 0 (batches made on Fit's thread) or more, but was {prefetch}.");
            Prefetch = prefetch;
        }

        /// <summary>The most batches Fit makes ahead of the training step, on a background thread; 0 for none (Fit's thread).</summary>
        public int Prefetch { get; }

        /// <summary>
        /// The number of batches <see cref="Batches"/> yields for every epoch, as Keras's <c>len(dataset)</c>; at least 1.
        /// Fit reads it once, for the progress bar and to check each epoch.
        /// </summary>
        public abstract int BatchesPerEpoch { get; }

        /// <summary>
        /// Epoch <paramref name="epoch"/>'s batches, in training order: exactly <see cref="BatchesPerEpoch"/> pairs of
        /// inputs and targets, each as <c>x</c> and <c>y</c> of <see cref="RnnModel.Fit(Tensor, Tensor, int, int, double, bool, long?, ValueTuple{Tensor, Tensor}?, int, System.IO.TextWriter?, IReadOnlyList{Callback}?, IReadOnlyDictionary{int, double}?, int, bool)"/>
        /// for that batch's samples. Fit owns and disposes the yielded tensors (see the remarks).
        /// </summary>
        /// <param name="epoch">The epoch, counted from 0 as in the callbacks.</param>
        public abstract IEnumerable<(Tensor X, Tensor Y)> Batches(int epoch);

        /// <summary>
        /// A source over inputs and targets in memory, cut into batches as
        /// <see cref="RnnModel.Fit(Tensor, Tensor, int, int, double, bool, long?, ValueTuple{Tensor, Tensor}?, int, System.IO.TextWriter?, IReadOnlyList{Callback}?, IReadOnlyDictionary{int, double}?, int, bool)"/>
        /// cuts them: Fit with it trains exactly as Fit with the tensors and the same arguments (the same losses for the
        /// same seed), checking the whole of <paramref name="x"/> and <paramref name="y"/> once before the first step.
        /// The batches are made on Fit's thread (<see cref="Prefetch"/> 0), as slicing needs no background work.
        /// </summary>
        /// <param name="x">Inputs, as Fit's <c>x</c>; read, not owned: keep them alive while training.</param>
        /// <param name="y">Targets, as Fit's <c>y</c>; read, not owned.</param>
        /// <param name="batchSize">Samples per batch; the last batch may be smaller.</param>
        /// <param name="shuffle">Shuffle the samples before each epoch.</param>
        /// <param name="seed">Seed for the shuffling; null uses TorchSharp's global generator. Fit draws every epoch's
        /// order from one generator seeded when it starts (and saved by <see cref="BackupAndRestore"/>), as Fit with
        /// tensors does; <see cref="Batches"/> called directly gives the order of that epoch in a Fit started at epoch 0.</param>
        /// <exception cref="ArgumentException">A tensor is null, their sample counts differ, or <paramref name="batchSize"/> is not positive.</exception>
        public static DataSource FromTensors(Tensor x, Tensor y, int batchSize = 32, bool shuffle = true, long? seed = null) =>
            new TensorDataSource(x, y, batchSize, shuffle, seed);

        /// <summary>
        /// This source's batches for one Fit call of <paramref name="model"/>: each checked before its step, made on a
        /// background thread when <see cref="Prefetch"/> is 1 or more. The caller disposes the feed. <paramref name="known"/>
        /// (the validation data, or null) gives the model's output shape for samples shaped as its own, so that the model
        /// runs again to learn it only for samples of another shape.
        /// </summary>
        internal virtual TrainingFeed OpenFeed(RnnModel model, TrainingSetup setup, string name, IReadOnlyDictionary<int, double>? classWeight,
            TrainingData? known) =>
            new SourceFeed(this, model, setup.Loss, name, classWeight, known);
    }
}
