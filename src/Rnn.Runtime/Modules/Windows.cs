using System;

namespace Rnn
{
    /// <summary>
    /// Keras's (TensorFlow's) window arithmetic for Conv1D and MaxPooling1D (<c>conv_output_length</c>): a window spans
    /// d·(k − 1) + 1 steps; Valid gives ⌈(T − span + 1) / s⌉ steps, Same and Causal ⌈T / s⌉.
    /// </summary>
    /// <remarks>
    /// One file, compiled into both the runtime (<c>src/Rnn.Runtime/Modules/Windows.cs</c>) and the generator (linked as
    /// <c>Shared/Windows.cs</c>), so the shapes the generator reports are the ones the modules compute. It must compile
    /// for netstandard2.0. Every switch names each <see cref="WindowPadding"/> and throws on any other value.
    /// </remarks>
    internal static class Windows
    {
        /// <summary>Steps one window of <paramref name="size"/> taps spans with <paramref name="dilation"/>: d·(k − 1) + 1.</summary>
        public static long Span(long size, long dilation) => dilation * (size - 1) + 1;

        /// <summary>
        /// The output length for <paramref name="time"/> input steps, or null when a Valid window does not fit (or there
        /// are no steps at all).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="padding"/> is not a known padding.</exception>
        public static long? OutputLength(long time, long span, long strides, WindowPadding padding)
        {
            long covered = padding switch
            {
                WindowPadding.Valid => time - span + 1,
                WindowPadding.Same or WindowPadding.Causal => time,
                _ => throw Unknown(padding),
            };
            if (covered <= 0) return null;
            return (covered + strides - 1) / strides;
        }

        /// <summary>
        /// The steps to pad before and after a sequence of <paramref name="time"/> steps: none for Valid, span − 1 before
        /// for Causal, and TensorFlow's rule for Same (<see cref="SamePadding"/>).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="padding"/> is not a known padding.</exception>
        public static (long Before, long After) Pads(WindowPadding padding, long time, long span, long strides) => padding switch
        {
            WindowPadding.Valid => (0L, 0L),
            WindowPadding.Causal => (span - 1, 0L),
            WindowPadding.Same => SamePadding(time, span, strides),
            _ => throw Unknown(padding),
        };

        /// <summary>
        /// The padding before and after a sequence of <paramref name="time"/> steps so that windows of <paramref name="span"/>
        /// steps every <paramref name="strides"/> give ⌈time / strides⌉ outputs; the odd step goes after, as TensorFlow.
        /// </summary>
        public static (long Before, long After) SamePadding(long time, long span, long strides)
        {
            long outputs = (time + strides - 1) / strides;
            long total = Math.Max((outputs - 1) * strides + span - time, 0);
            return (total / 2, total - total / 2);
        }

        private static ArgumentOutOfRangeException Unknown(WindowPadding padding) =>
            new ArgumentOutOfRangeException(nameof(padding), padding, "Unknown padding " + padding + "; expected Valid, Same or Causal.");
    }
}
