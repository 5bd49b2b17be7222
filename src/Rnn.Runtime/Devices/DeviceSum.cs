using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// A running sum in double precision that stays on the device of the values added, so that adding waits for
    /// nothing: the host reads it only in <see cref="Read"/> (on a GPU, the one wait). The arithmetic is that of a
    /// <c>double</c> summed on the host, bit for bit: the sum is kept as one float64 value, each addition rounds once,
    /// in the same order; a read brings the value back to the host, where the next addition starts from it.
    /// </summary>
    internal sealed class DeviceSum : IDisposable
    {
        private double _value;
        private Tensor? _pending; // the sum since the last read, float64, on the values' device; null when _value holds it

        /// <summary>Adds a one-element float64 tensor without gradient (on any device; not kept).</summary>
        public void Add(Tensor value)
        {
            using var one = 1.ToScalar(); // explicit: add's default alpha would leave a Scalar to the finalizer
            if (_pending is not null)
            {
                _pending.add_(value, one);
                return;
            }
            using var start = _value.ToScalar();
            _pending = value.add(start, one).DetachFromDisposeScope();
        }

        /// <summary>
        /// Adds <paramref name="value"/> × <paramref name="count"/>, multiplied in double precision as the host's
        /// <c>double * long</c>: a batch's mean loss times its samples.
        /// </summary>
        /// <param name="value">A one-element floating-point tensor without gradient; taken as a double.</param>
        /// <param name="count">The factor.</param>
        public void AddTimes(Tensor value, long count)
        {
            using var scope = NewDisposeScope();
            using var factor = ((double)count).ToScalar();
            Add(value.to_type(ScalarType.Float64).mul(factor));
        }

        /// <summary>Adds a number known on the host.</summary>
        public void Add(double value)
        {
            if (_pending is null)
            {
                _value += value;
                return;
            }
            using var scalar = value.ToScalar();
            using var one = 1.ToScalar();
            _pending.add_(scalar, one);
        }

        /// <summary>The sum so far (on a GPU, waits for the additions queued).</summary>
        public double Read()
        {
            if (_pending is not null)
            {
                _value = _pending.Value();
                _pending.Dispose();
                _pending = null;
            }
            return _value;
        }

        /// <summary>Back to 0, releasing the tensor on the device.</summary>
        public void Reset()
        {
            _pending?.Dispose();
            _pending = null;
            _value = 0;
        }

        /// <summary>
        /// Releases the tensor on the device without reading it: the additions since the last <see cref="Read"/> are lost.
        /// For a sum left unread when an epoch or an evaluation ends early (an exception); after a read it changes nothing.
        /// </summary>
        public void Discard()
        {
            _pending?.Dispose();
            _pending = null;
        }

        /// <summary>Releases the tensor on the device, as <see cref="Reset"/>.</summary>
        public void Dispose() => Reset();
    }
}
