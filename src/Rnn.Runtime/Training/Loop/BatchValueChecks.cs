using System;
using System.Runtime.ExceptionServices;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The checks of a <see cref="DataSource"/> batch that read its values back from the device, run where the batch was
    /// made (<see cref="BatchPrefetcher"/>'s thread), so that Fit's thread need not wait for the device before every
    /// step: the first layer's check of the input (<see cref="Rnn.Modules.Layer.CheckModelInput"/>, e.g. token ids within
    /// an Embedding's vocabulary), finite inputs (<see cref="FiniteInputs"/>), and the range of the labels. Their outcomes
    /// (a failure as thrown, or the labels' smallest and largest value) go with the batch, and Fit's thread takes each
    /// at the point of its checks where it would have run it (<see cref="TrainingData.Prepare(RnnModel, LossFunction, string, Tensor, Tensor, string, string, long[], BatchValueChecks)"/>),
    /// so a bad batch fails there with the same message, after the same shape and type checks, as a batch checked on
    /// Fit's thread. Whether the labels are in range is decided there too, as it needs the model's output shape, which
    /// only running the model tells. Every temporary tensor is disposed on the thread that ran the checks.
    /// </summary>
    internal sealed class BatchValueChecks
    {
        private readonly ExceptionDispatchInfo? _firstLayerError, _finiteError, _labelsError;
        private readonly (long Min, long Max)? _classIds;
        private readonly (double Min, double Max)? _binaryLabels;

        private BatchValueChecks(RnnModel reader, LossFunction loss, string name, Tensor x, Tensor y, string xName)
        {
            _firstLayerError = Attempt(() => reader.CheckInputWithFirstLayer(x, name, xName));
            _finiteError = Attempt(() => FiniteInputs.Require(name, x, xName));
            _labelsError = Attempt(() => ReadLabels(loss, y), out var labels);
            (_classIds, _binaryLabels) = labels;
        }

        /// <summary>
        /// Runs the checks of the inputs <paramref name="x"/> (named <paramref name="xName"/>) and targets
        /// <paramref name="y"/> of a batch for <paramref name="reader"/> (the model that reads the input) and
        /// <paramref name="loss"/>; never throws: a failure is kept for its turn.
        /// </summary>
        public static BatchValueChecks Run(RnnModel reader, LossFunction loss, string name, Tensor x, Tensor y, string xName) =>
            new(reader, loss, name, x, y, xName);

        /// <summary>Throws what the first layer's check of the input threw, if it did.</summary>
        public void ThrowIfInputRejected() => _firstLayerError?.Throw();

        /// <summary>Throws what <see cref="FiniteInputs.Require"/> threw, if it did.</summary>
        public void ThrowIfNotFinite() => _finiteError?.Throw();

        /// <summary>The smallest and largest class id (<see cref="TrainingData.ClassIdRange"/>); null if not read (the labels are not integers).</summary>
        public (long Min, long Max)? ClassIds
        {
            get
            {
                _labelsError?.Throw();
                return _classIds;
            }
        }

        /// <summary>The smallest and largest 0/1 label (<see cref="TrainingData.BinaryLabelRange"/>); null if not read (the labels are not real).</summary>
        public (double Min, double Max)? BinaryLabels
        {
            get
            {
                _labelsError?.Throw();
                return _binaryLabels;
            }
        }

        /// <summary>
        /// The range of the labels <paramref name="y"/>, read as Fit's thread reads it for <paramref name="loss"/>, and
        /// only where it would: integer labels of class ids, real 0/1 labels; (null, null) otherwise.
        /// </summary>
        private static ((long Min, long Max)? ClassIds, (double Min, double Max)? BinaryLabels) ReadLabels(LossFunction loss, Tensor y) =>
            loss.Targets switch
            {
                LossTargets.ClassIds when TrainingData.HoldsIntegers(y) => (TrainingData.ClassIdRange(y), null),
                LossTargets.BinaryLabels when !is_complex(y) => (null, TrainingData.BinaryLabelRange(y)),
                LossTargets.ClassIds or LossTargets.BinaryLabels or LossTargets.Values => (null, null),
                _ => throw loss.UnknownTargets(),
            };

        private static ExceptionDispatchInfo? Attempt(Action check) => Attempt(() =>
        {
            check();
            return true;
        }, out _);

        /// <summary>Runs <paramref name="read"/>: null and its result, or what it threw and the default.</summary>
        private static ExceptionDispatchInfo? Attempt<T>(Func<T> read, out T? value)
        {
            try
            {
                value = read();
                return null;
            }
            catch (Exception e)
            {
                value = default;
                return ExceptionDispatchInfo.Capture(e);
            }
        }
    }
}
