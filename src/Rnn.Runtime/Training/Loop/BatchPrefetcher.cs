using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Enumerates a <see cref="DataSource"/>'s batches, epoch after epoch, on a background thread, at most
    /// <c>capacity</c> batches ahead of the consumer: the producer waits for room before it asks the source for the next
    /// batch, so the batches made but not yet taken never exceed the capacity. Each batch is detached from the
    /// producer's dispose scopes (they are per thread), value-checked there (<see cref="BatchValueChecks"/>, whose
    /// outcome goes with it), and belongs to the consumer once taken. Disposing stops the producer, waits for it, and
    /// disposes the batches it made that were never taken.
    /// </summary>
    internal sealed class BatchPrefetcher : IDisposable
    {
        private readonly object _gate = new();
        private readonly Queue<(int Epoch, Tensor X, Tensor Y, BatchValueChecks Checks)> _ready = new();
        private readonly int _capacity;
        private readonly Thread _producer;
        private int _taken;           // batches handed to the consumer, so _produced − _taken ≤ _capacity
        private int _produced;
        private int _finishedEpoch;   // the last epoch whose batches were all made
        private bool _stopping, _done;
        private ExceptionDispatchInfo? _error;

        /// <summary>
        /// Starts making epochs <paramref name="firstEpoch"/> to <paramref name="epochs"/> − 1 of <paramref name="source"/>,
        /// each batch value-checked as soon as it is made by <paramref name="check"/> (given the epoch, the batch's index
        /// in it, its inputs and its targets; it must not throw).
        /// </summary>
        public BatchPrefetcher(DataSource source, int firstEpoch, int epochs, int capacity, Func<int, int, Tensor, Tensor, BatchValueChecks> check)
        {
            _capacity = capacity;
            _finishedEpoch = firstEpoch - 1;
            _producer = new Thread(() => Produce(source, firstEpoch, epochs, check)) { IsBackground = true, Name = "Rnn DataSource prefetch" };
            _producer.Start();
        }

        /// <summary>
        /// Takes the next batch of <paramref name="epoch"/>, waiting for it if need be; false when that epoch has no more.
        /// Batches of earlier epochs still waiting (an epoch left early) are disposed. An exception of the source is
        /// rethrown here, as it was thrown, once the batches made before it are taken.
        /// </summary>
        public bool TryTake(int epoch, out (Tensor X, Tensor Y, BatchValueChecks Checks) batch)
        {
            lock (_gate)
            {
                while (true)
                {
                    while (_ready.Count > 0 && _ready.Peek().Epoch < epoch) Dispose(Take());
                    if (_ready.Count > 0 && _ready.Peek().Epoch == epoch)
                    {
                        var (_, x, y, checks) = Take();
                        batch = (x, y, checks);
                        return true;
                    }
                    batch = default;
                    if (_ready.Count > 0 || _finishedEpoch >= epoch) return false;
                    _error?.Throw();
                    if (_done) return false;
                    Monitor.Wait(_gate);
                }
            }
        }

        /// <summary>Stops the producer, waits for it to leave the source, and disposes every batch it made that was not taken.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                _stopping = true;
                Monitor.PulseAll(_gate);
            }
            _producer.Join();
            while (_ready.Count > 0) Dispose(_ready.Dequeue());
        }

        private (int Epoch, Tensor X, Tensor Y, BatchValueChecks Checks) Take()
        {
            var item = _ready.Dequeue();
            _taken++;
            Monitor.PulseAll(_gate);
            return item;
        }

        private void Produce(DataSource source, int firstEpoch, int epochs, Func<int, int, Tensor, Tensor, BatchValueChecks> check)
        {
            try
            {
                for (int epoch = firstEpoch; epoch < epochs; epoch++)
                {
                    using (var batches = SourceFeed.BatchesOf(source, epoch).GetEnumerator())
                    {
                        for (int index = 0; ; index++)
                        {
                            if (!WaitForRoom()) return;
                            if (!batches.MoveNext()) break;
                            var (x, y) = SourceFeed.Detached(batches.Current);
                            BatchValueChecks checks;
                            try
                            {
                                checks = check(epoch, index, x, y);
                            }
                            catch
                            {
                                x?.Dispose(); // detached above: nothing else would dispose them
                                y?.Dispose();
                                throw;
                            }
                            if (!Offer((epoch, x, y, checks))) return;
                        }
                    }
                    lock (_gate)
                    {
                        _finishedEpoch = epoch;
                        Monitor.PulseAll(_gate);
                    }
                }
            }
            catch (Exception e)
            {
                lock (_gate) _error = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                lock (_gate)
                {
                    _done = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        /// <summary>Waits until a batch may be made without exceeding the capacity; false when stopping.</summary>
        private bool WaitForRoom()
        {
            lock (_gate)
            {
                while (!_stopping && _produced - _taken >= _capacity) Monitor.Wait(_gate);
                return !_stopping;
            }
        }

        /// <summary>Hands a made batch to the consumer; false (and the batch disposed) when stopping.</summary>
        private bool Offer((int Epoch, Tensor X, Tensor Y, BatchValueChecks Checks) item)
        {
            lock (_gate)
            {
                _produced++;
                if (!_stopping)
                {
                    _ready.Enqueue(item);
                    Monitor.PulseAll(_gate);
                    return true;
                }
            }
            Dispose(item);
            return false;
        }

        private static void Dispose((int Epoch, Tensor X, Tensor Y, BatchValueChecks Checks) item)
        {
            item.X?.Dispose();
            item.Y?.Dispose();
        }
    }
}
