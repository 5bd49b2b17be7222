using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Rnn;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>
    /// A <see cref="DataSource"/> for tests: batch <c>b</c> of epoch <c>e</c> is <c>make(e, b)</c>. It records every
    /// tensor it yielded, how many batches it made, the epochs asked for, how many enumerations ended (their
    /// <c>finally</c> ran) and, at the end of each, the live tensor count of the thread that ran it.
    /// </summary>
    internal sealed class TestSource : DataSource
    {
        private readonly Func<int, int, (Tensor X, Tensor Y)> _make;
        private readonly int _batchesPerEpoch, _yields;
        private int _made, _closed;

        /// <param name="yields">Batches each epoch actually yields; by default <paramref name="batchesPerEpoch"/>.</param>
        public TestSource(int batchesPerEpoch, int prefetch, Func<int, int, (Tensor X, Tensor Y)> make, int? yields = null) : base(prefetch)
        {
            _batchesPerEpoch = batchesPerEpoch;
            _yields = yields ?? batchesPerEpoch;
            _make = make;
        }

        /// <summary>
        /// Batches of <paramref name="batchSize"/> rows of <paramref name="x"/> and <paramref name="y"/>: in order without a
        /// seed, else shuffled by a generator seeded with the seed and the epoch, so each epoch's batches are a function of the epoch.
        /// </summary>
        public static TestSource Rows(Tensor x, Tensor y, int batchSize, int prefetch, long? seed = null) =>
            new((int)((x.size(0) + batchSize - 1) / batchSize), prefetch, RowBatches(x, y, batchSize, seed));

        /// <summary>The batch maker of <see cref="Rows"/>: batch <c>b</c> of epoch <c>e</c>, as new tensors.</summary>
        public static Func<int, int, (Tensor X, Tensor Y)> RowBatches(Tensor x, Tensor y, int batchSize, long? seed = null) => (epoch, batch) =>
        {
            long n = x.size(0), start = batch * (long)batchSize, size = Math.Min(batchSize, n - start);
            if (seed is null) return (x.narrow(0, start, size).clone(), y.narrow(0, start, size).clone());
            using var generator = new Generator((ulong)(seed.Value * 1000 + epoch));
            using var order = randperm(n, generator: generator);
            using var indices = order.narrow(0, start, size);
            return (x.index_select(0, indices), y.index_select(0, indices));
        };

        public override int BatchesPerEpoch => _batchesPerEpoch;

        /// <summary>Every tensor yielded so far, unless <see cref="KeepsYielded"/> is false.</summary>
        public ConcurrentQueue<Tensor> Yielded { get; } = new();

        /// <summary>The epochs <see cref="Batches"/> was asked for, in order.</summary>
        public ConcurrentQueue<int> EpochsAsked { get; } = new();

        /// <summary>Batches made so far.</summary>
        public int Made => Volatile.Read(ref _made);

        /// <summary>Enumerations of <see cref="Batches"/> that ended (finished, or left and disposed).</summary>
        public int Closed => Volatile.Read(ref _closed);

        /// <summary>The live tensor count of the thread that ran the last enumeration, read as it ended.</summary>
        public long LiveOnProducerThread { get; private set; }

        /// <summary>Whether <see cref="Yielded"/> keeps the tensors (and so keeps them from the garbage collector).</summary>
        public bool KeepsYielded { get; init; } = true;

        /// <summary>Make and yield each batch inside a dispose scope of the source's own, which ends when the next batch is asked for.</summary>
        public bool InOwnScope { get; init; }

        public override IEnumerable<(Tensor X, Tensor Y)> Batches(int epoch)
        {
            EpochsAsked.Enqueue(epoch);
            try
            {
                for (int batch = 0; batch < _yields; batch++)
                {
                    using var scope = InOwnScope ? NewDisposeScope() : null;
                    var (x, y) = _make(epoch, batch);
                    if (KeepsYielded)
                    {
                        Yielded.Enqueue(x);
                        Yielded.Enqueue(y);
                    }
                    Interlocked.Increment(ref _made);
                    yield return (x, y);
                }
            }
            finally
            {
                LiveOnProducerThread = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
                Interlocked.Increment(ref _closed);
            }
        }
    }
}
