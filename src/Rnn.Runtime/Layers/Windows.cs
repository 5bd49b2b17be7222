namespace Rnn.Modules
{
    /// <summary>Keras's (TensorFlow's) window arithmetic for 1-D convolution and pooling.</summary>
    internal static class Windows
    {
        /// <summary>
        /// The padding before and after a sequence of <paramref name="time"/> steps so that windows of <paramref name="span"/>
        /// steps every <paramref name="strides"/> give ⌈time / strides⌉ outputs; the odd step goes after, as TensorFlow.
        /// </summary>
        public static (long Before, long After) SamePadding(long time, long span, long strides)
        {
            long outputs = (time + strides - 1) / strides;
            long total = System.Math.Max((outputs - 1) * strides + span - time, 0);
            return (total / 2, total - total / 2);
        }

        /// <summary>Keras's output length for <paramref name="time"/> input steps, or null when the time is only known at run time.</summary>
        public static long? OutputLength(Padding padding, long? time, long span, long strides) => time switch
        {
            null => null,
            long t when padding == Padding.Valid => (t - span) / strides + 1,
            long t => (t + strides - 1) / strides,
        };

        /// <summary>
        /// The ONNX Conv/MaxPool padding attribute for Keras's <paramref name="padding"/>: explicit <c>pads</c> [before, after]
        /// when they are known at export time (Valid, Causal, Same for a known time), else <c>auto_pad = SAME_UPPER</c>,
        /// which is TensorFlow's Same rule (dilation included).
        /// </summary>
        public static global::Onnx.AttributeProto OnnxPadding(Padding padding, long? time, long span, long strides)
        {
            var (before, after) = padding switch
            {
                Padding.Valid => (0L, 0L),
                Padding.Causal => (span - 1, 0L),
                _ when time is long t => SamePadding(t, span, strides),
                _ => (-1L, -1L),
            };
            return before < 0
                ? Rnn.Onnx.OnnxGraphBuilder.String("auto_pad", "SAME_UPPER")
                : Rnn.Onnx.OnnxGraphBuilder.Ints("pads", before, after);
        }
    }
}
