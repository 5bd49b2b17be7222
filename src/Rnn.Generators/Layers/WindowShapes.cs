using System;
using System.Globalization;
using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>The time axis after a Conv1D or MaxPooling1D, by the shared window arithmetic (<see cref="Windows"/>).</summary>
    internal static class WindowShapes
    {
        /// <summary>
        /// The output time axis after a window layer, reporting RNN0016 on <paramref name="argument"/> when a known length
        /// is too short: <c>[None, 3, 16] → Conv1D(kernel 5) needs at least 5 timesteps</c>. An undefined padding (which
        /// the descriptor reports) leaves the length unknown.
        /// </summary>
        public static Dimension Apply(ShapeContext context, Dimension time, long span, long strides, WindowPadding padding, string window, string argument, string fix)
        {
            if (time.Size is not int t || span <= 0 || strides <= 0 || !Enum.IsDefined(typeof(WindowPadding), padding)) return Dimension.Unknown;
            var length = Windows.OutputLength(t, span, strides, padding);
            if (length is long l) return Dimension.Of((int)Math.Min(l, int.MaxValue));
            context.ReportFlow(DiagnosticDescriptors.SequenceTooShort, context.Index, argument, null, null,
                context.Flow(context.Index - 1), window, span.ToString(CultureInfo.InvariantCulture), fix);
            return Dimension.Unknown;
        }
    }
}
