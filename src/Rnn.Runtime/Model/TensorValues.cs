using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Reads one-element tensors. Unlike <c>item&lt;T&gt;()</c>, which leaves a <see cref="TorchSharp.Scalar"/> to the
    /// finalizer on every call (TorchSharp 0.107), these dispose it, so the training path leaves nothing for the finalizer.
    /// </summary>
    internal static class TensorValues
    {
        /// <summary>The value of a one-element tensor as a double.</summary>
        public static double Value(this Tensor tensor)
        {
            using var scalar = tensor.ToScalar();
            return scalar.ToDouble();
        }

        /// <summary>The value of a one-element integer tensor.</summary>
        public static long LongValue(this Tensor tensor)
        {
            using var scalar = tensor.ToScalar();
            return scalar.ToInt64();
        }

        /// <summary>
        /// The elements of a tensor of <typeparamref name="T"/>, in order, copied to the CPU: read as bytes, since
        /// <c>data&lt;T&gt;().ToArray()</c> leaves an object to the finalizer on every call (TorchSharp 0.107).
        /// </summary>
        public static T[] Values<T>(this Tensor tensor) where T : unmanaged
        {
            using var scope = NewDisposeScope();
            return MemoryMarshal.Cast<byte, T>(tensor.cpu().contiguous().bytes).ToArray();
        }

        /// <summary>The value of a one-element bool tensor.</summary>
        public static bool BoolValue(this Tensor tensor)
        {
            using var scalar = tensor.ToScalar();
            return scalar.ToBoolean();
        }
    }
}
