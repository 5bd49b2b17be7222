using System;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>Argument checks and dispose-scope bookkeeping shared by the layer modules.</summary>
    internal static class LayerChecks
    {
        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> is positive.</summary>
        public static long Positive(long value, string layer, string argument)
        {
            if (value <= 0)
                throw new ArgumentOutOfRangeException(argument, value, $"{layer}: {argument} must be positive, but was {value.ToString(CultureInfo.InvariantCulture)}.");
            return value;
        }

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="rate"/> is in [0, 1).</summary>
        public static double Rate(double rate, string layer, string argument)
        {
            if (!(rate >= 0 && rate < 1))
                throw new ArgumentOutOfRangeException(argument, rate, $"{layer}: {argument} must be in [0, 1), but was {rate.ToString(CultureInfo.InvariantCulture)}.");
            return rate;
        }

        /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="input"/> has rank <paramref name="rank"/>.</summary>
        public static void Rank(Tensor input, int rank, string layer, string expected)
        {
            if (input is null) throw new ArgumentNullException(nameof(input), $"{layer} needs an input tensor {expected}.");
            if (input.dim() != rank)
                throw new ArgumentException($"{layer} expects input {expected} but got {Shape.Format(input.shape)}.", nameof(input));
        }

        /// <summary>Throws <see cref="ArgumentException"/> unless the last axis of <paramref name="input"/> has <paramref name="size"/> elements.</summary>
        public static void LastAxis(Tensor input, long size, string layer)
        {
            if (input is null) throw new ArgumentNullException(nameof(input), $"{layer} needs an input tensor.");
            if (input.dim() < 1 || input.size(-1) != size)
                throw new ArgumentException(
                    $"{layer} expects input [..., {size.ToString(CultureInfo.InvariantCulture)}] but got {Shape.Format(input.shape)}.", nameof(input));
        }

        /// <summary>
        /// Hands <paramref name="tensor"/> to the caller's dispose scope if it was created inside <paramref name="scope"/>;
        /// a tensor passed through unchanged (the caller's own input or mask) stays where it is.
        /// </summary>
        public static Tensor Keep(DisposeScope scope, Tensor tensor) => scope.Contains(tensor) ? scope.MoveToOuter(tensor) : tensor;

        /// <summary><see cref="Keep(DisposeScope, Tensor)"/> for an optional mask.</summary>
        public static Tensor? KeepMask(DisposeScope scope, Tensor? mask) => mask is null ? null : Keep(scope, mask);
    }
}
