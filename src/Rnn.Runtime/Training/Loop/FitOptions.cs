using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The arguments of Fit other than the data, carried together through the loop. Fit with a <see cref="DataSource"/>
    /// passes its validation batch size as <see cref="BatchSize"/>, and no split, shuffling or seed (the source's own).
    /// With <see cref="Stateful"/>, each batch row's recurrent state is carried into the same row of the next batch
    /// (<see cref="CarriedState"/>).
    /// <see cref="ValidationData"/> holds one input tensor per input of the model (<see cref="RnnModel.InputParts"/>).
    /// </summary>
    internal sealed record FitOptions(
        int Epochs,
        int BatchSize,
        double ValidationSplit,
        (Tensor[] X, Tensor Y)? ValidationData,
        bool Shuffle,
        long? Seed,
        int Verbose,
        TextWriter? Output,
        IReadOnlyList<Callback> Callbacks,
        IReadOnlyDictionary<int, double>? ClassWeight,
        int InitialEpoch,
        bool Stateful = false)
    {
        /// <summary>Checks every argument that does not depend on the data; <paramref name="name"/> is e.g. <c>MnistRnn.Fit</c>.</summary>
        /// <exception cref="ArgumentException">An argument is invalid: the message names it and gives the expected and actual value.</exception>
        public void Validate(string name)
        {
            if (Epochs <= 0) throw new ArgumentOutOfRangeException("epochs", Epochs, $"{name}: epochs must be at least 1, but was {Epochs}.");
            if (InitialEpoch < 0 || InitialEpoch >= Epochs)
                throw new ArgumentOutOfRangeException("initialEpoch", InitialEpoch,
                    $"{name}: initialEpoch must be in [0, epochs) = [0, {Epochs}), but was {InitialEpoch}; epochs is the index to stop at, as in Keras.");
            CheckBatchSize(name, BatchSize);
            if (!(ValidationSplit >= 0 && ValidationSplit < 1))
                throw new ArgumentOutOfRangeException("validationSplit", ValidationSplit,
                    $"{name}: validationSplit must be in [0, 1), but was {Format(ValidationSplit)}.");
            if (Verbose is < 0 or > 2)
                throw new ArgumentOutOfRangeException("verbose", Verbose, $"{name}: verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), but was {Verbose}.");
            if (Stateful && Shuffle)
                throw new ArgumentException(
                    $"{name}: a stateful run carries each row's state to the same row of the next batch, so the batches must stay in order; pass shuffle: false.", "shuffle");
            if (ValidationData is not null && ValidationSplit > 0)
                throw new ArgumentException($"{name}: pass either validationSplit ({Format(ValidationSplit)}) or validationData, not both.", "validationData");
            if (Callbacks.Any(c => c is null)) throw new ArgumentException($"{name}: callbacks must not contain null.", "callbacks");
            if (Callbacks.OfType<History>().Count() > 1) throw new ArgumentException($"{name}: callbacks may hold at most one History.", "callbacks");
            if (Callbacks.OfType<BackupAndRestore>().Count() > 1) throw new ArgumentException($"{name}: callbacks may hold at most one BackupAndRestore.", "callbacks");
        }

        /// <summary>Checks a batch size, passed as the argument <paramref name="argument"/>.</summary>
        public static void CheckBatchSize(string name, int batchSize, string argument = "batchSize")
        {
            if (batchSize <= 0)
                throw new ArgumentOutOfRangeException(argument, batchSize, $"{name}: {argument} must be at least 1, but was {batchSize}.");
        }

        /// <summary>
        /// Checks that <paramref name="samples"/> samples (<paramref name="what"/>, from the argument
        /// <paramref name="argument"/>) cut into whole batches of <paramref name="batchSize"/> rows, as a stateful run
        /// needs: every batch carries its rows' states to the same rows of the next.
        /// </summary>
        /// <exception cref="ArgumentException">They do not.</exception>
        public static void CheckStatefulBatches(string name, long samples, int batchSize, string batchName, string what, string argument)
        {
            if (samples % batchSize != 0)
                throw new ArgumentException(
                    $"{name}: a stateful run carries each row's state to the same row of the next batch, so every batch must hold {batchName} = {batchSize} rows, " +
                    $"but {what} has {samples} samples, {samples % batchSize} more than a multiple of {batchSize}; Sequences.Chunks cuts a sequence so that they line up.",
                    argument);
        }

        public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
