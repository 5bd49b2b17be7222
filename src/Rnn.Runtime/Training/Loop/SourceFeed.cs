using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// A <see cref="DataSource"/>'s batches for one Fit call: made ahead on a background thread
    /// (<see cref="BatchPrefetcher"/>) or, with a prefetch of 0, on Fit's thread when the step needs them; each checked,
    /// as Fit checks <c>x</c> and <c>y</c>, before its step. Made ahead, a batch's values are checked on the background
    /// thread (<see cref="BatchValueChecks"/>) and the outcome is taken on Fit's thread at the check's turn, so Fit's
    /// thread need not wait for the device; shapes and types, and the model's output shape, are checked on Fit's thread.
    /// An epoch must give exactly <see cref="DataSource.BatchesPerEpoch"/> batches.
    /// </summary>
    internal sealed class SourceFeed : TrainingFeed
    {
        private readonly DataSource _source;
        private readonly RnnModel _model;
        private readonly LossFunction _loss;
        private readonly string _name;
        private readonly IReadOnlyDictionary<int, double>? _classWeight;
        private BatchPrefetcher? _prefetcher;
        private KnownOutputShape? _known; // the last batch's (or the known data's) output shape per sample, for inputs shaped as its

        /// <summary>
        /// The feed of <paramref name="source"/>'s batches; the output shape of <paramref name="known"/> (data already
        /// checked for the model, the validation data; null for none) serves the batches whose samples are shaped as its own.
        /// </summary>
        public SourceFeed(DataSource source, RnnModel model, LossFunction loss, string name, IReadOnlyDictionary<int, double>? classWeight, TrainingData? known)
        {
            (_source, _model, _loss, _name, _classWeight) = (source, model, loss, name, classWeight);
            _known = known?.KnownOutputShape;
            BatchesPerEpoch = source.BatchesPerEpoch;
            if (BatchesPerEpoch < 1)
                throw new ArgumentException($"{name}: data.BatchesPerEpoch must be at least 1, but {source.GetType().Name} has {BatchesPerEpoch}.", "data");
        }

        public override int BatchesPerEpoch { get; }

        public override void Start(int firstEpoch, int epochs)
        {
            if (_source.Prefetch == 0) return;
            var reader = _model.InputParts[0].Reader;
            _prefetcher = new BatchPrefetcher(_source, firstEpoch, epochs, _source.Prefetch,
                (epoch, batch, x, y) => BatchValueChecks.Run(reader, _loss, _name, x, y, BatchName(epoch, batch) + "X"));
        }

        public override IEnumerable<TrainingData> Epoch(int epoch)
        {
            int batch = 0;
            foreach (var (x, y, checks) in Made(epoch))
            {
                if (batch == BatchesPerEpoch)
                {
                    x?.Dispose();
                    y?.Dispose();
                    throw new ArgumentException(
                        $"{_name}: data.Batches({epoch}) gave more than data.BatchesPerEpoch = {BatchesPerEpoch} batches; every epoch must give exactly that many.", "data");
                }
                yield return Check(epoch, batch++, x, y, checks);
            }
            if (batch < BatchesPerEpoch)
                throw new ArgumentException(
                    $"{_name}: data.Batches({epoch}) gave {batch} batches, but data.BatchesPerEpoch is {BatchesPerEpoch}; every epoch must give exactly that many.", "data");
        }

        public override void Dispose()
        {
            _prefetcher?.Dispose();
            _prefetcher = null;
            ClassWeights?.Dispose();
        }

        /// <summary><paramref name="source"/>.Batches(<paramref name="epoch"/>), which must not be null.</summary>
        internal static IEnumerable<(Tensor X, Tensor Y)> BatchesOf(DataSource source, int epoch) =>
            source.Batches(epoch) ?? throw new InvalidOperationException($"{source.GetType().Name}.Batches({epoch}) returned null instead of the epoch's batches.");

        /// <summary>
        /// A batch as the source yielded it, taken out of any dispose scope of the thread that made it, so that only its
        /// new owner disposes it (dispose scopes are per thread).
        /// </summary>
        internal static (Tensor X, Tensor Y) Detached((Tensor X, Tensor Y) batch)
        {
            batch.X?.DetachFromDisposeScope();
            batch.Y?.DetachFromDisposeScope();
            return batch;
        }

        /// <summary>
        /// The epoch's batches as made: taken from the prefetcher, with their value checks run there, or enumerated here,
        /// without (null: they run in <see cref="Check"/>).
        /// </summary>
        private IEnumerable<(Tensor X, Tensor Y, BatchValueChecks? Checks)> Made(int epoch)
        {
            if (_prefetcher is not null)
            {
                while (_prefetcher.TryTake(epoch, out var batch)) yield return batch;
                yield break;
            }
            foreach (var (x, y) in BatchesOf(_source, epoch).Select(Detached)) yield return (x, y, null);
        }

        /// <summary>How messages name batch <paramref name="batch"/> of epoch <paramref name="epoch"/>, before <c>X</c> or <c>Y</c>: e.g. <c>data.Batches(0)[3].</c></summary>
        private static string BatchName(int epoch, int batch) => string.Create(CultureInfo.InvariantCulture, $"data.Batches({epoch})[{batch}].");

        /// <summary>
        /// Batch <paramref name="batch"/> of <paramref name="epoch"/> checked as Fit checks x and y, with its targets as
        /// the loss takes them, its value checks taken from <paramref name="checks"/> when they ran where it was made (else
        /// run here); it owns <paramref name="x"/> and <paramref name="y"/>, which are disposed if a check fails.
        /// </summary>
        private TrainingData Check(int epoch, int batch, Tensor x, Tensor y, BatchValueChecks? checks)
        {
            TrainingData? data = null;
            try
            {
                string prefix = BatchName(epoch, batch);
                data = TrainingData.Prepare(_model, _loss, _name, x, y, prefix + "X", prefix + "Y", _known?.For(new[] { x }), checks);
                if (checks is null) FiniteInputs.Require(_name, x, prefix + "X");
                else checks.ThrowIfNotFinite();
                if (_known?.Output != data.SampleOutputShape) _known = data.KnownOutputShape;
            }
            catch (ArgumentException e)
            {
                Release(data, x, y);
                throw new ArgumentException(TrainingLoop.MessageOf(e), "data", e);
            }
            catch
            {
                Release(data, x, y);
                throw;
            }
            data.Owning(x, y);
            try
            {
                ClassWeights ??= ClassWeights.Create(_classWeight, _loss, data.SampleOutputShape, _name);
                return data;
            }
            catch
            {
                data.Dispose();
                throw;
            }
        }

        private static void Release(TrainingData? data, Tensor x, Tensor y)
        {
            data?.Dispose();
            x?.Dispose();
            y?.Dispose();
        }
    }
}
