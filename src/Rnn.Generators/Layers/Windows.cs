using System;
using System.Globalization;
using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// Keras's window arithmetic for Conv1D and MaxPooling1D (<c>conv_output_length</c>): a window spans
    /// d·(k − 1) + 1 steps; Valid gives ⌈(T − span + 1) / s⌉ steps, Same and Causal ⌈T / s⌉.
    /// </summary>
    internal static class Windows
    {
        /// <summary>Steps one window spans: d·(k − 1) + 1.</summary>
        public static long Span(long size, long dilation) => dilation * (size - 1) + 1;

        /// <summary>The output length, or null when a Valid window does not fit in <paramref name="time"/> steps.</summary>
        public static long? OutputLength(long time, long span, long strides, WindowPadding padding)
        {
            long length = padding == WindowPadding.Valid ? time - span + 1 : time;
            if (length <= 0) return null;
            return (length + strides - 1) / strides;
        }

        /// <summary>
        /// The output time axis after a window layer, reporting RNN0016 on <paramref name="argument"/> when a known length
        /// is too short: <c>[None, 3, 16] → Conv1D(kernel 5) needs at least 5 timesteps</c>.
        /// </summary>
        public static Dimension Apply(ShapeContext context, Dimension time, long span, long strides, WindowPadding padding, string window, string argument, string fix)
        {
            if (time.Size is not int t || span <= 0 || strides <= 0) return Dimension.Unknown;
            var length = OutputLength(t, span, strides, padding);
            if (length is long l) return Dimension.Of((int)Math.Min(l, int.MaxValue));
            context.ReportFlow(DiagnosticDescriptors.SequenceTooShort, context.Index, argument, null, null,
                context.Flow(context.Index - 1), window, span.ToString(CultureInfo.InvariantCulture), fix);
            return Dimension.Unknown;
        }
    }
}
