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
        public static long? OutputLength(WindowPadding padding, long? time, long span, long strides) => time switch
        {
            null => null,
            long t when padding == WindowPadding.Valid => (t - span) / strides + 1,
            long t => (t + strides - 1) / strides,
        };

        /// <summary>
        /// Pads <paramref name="channels"/> ([batch, features, time]) in an ONNX graph as Keras's <paramref name="padding"/>
        /// does, returning the value to convolve or pool and its <c>pads</c> attribute. Valid, Causal and Same for a known
        /// time give fixed pads; Same for a variable time pads at run time with TensorFlow's rule (ONNX Runtime's
        /// <c>auto_pad</c> rejects the negative padding its own rule gives when the stride exceeds the window).
        /// </summary>
        public static (string Value, global::Onnx.AttributeProto Pads) OnnxPadding(Rnn.Onnx.OnnxGraphBuilder graph, string channels, WindowPadding padding,
            long? time, long span, long strides, float padValue, string hint)
        {
            var (before, after) = padding switch
            {
                WindowPadding.Valid => (0L, 0L),
                WindowPadding.Causal => (span - 1, 0L),
                _ when time is long t => SamePadding(t, span, strides),
                _ => (-1L, -1L),
            };
            if (before >= 0) return (channels, Rnn.Onnx.OnnxGraphBuilder.Ints("pads", before, after));
            return (graph.PadSame(channels, span, strides, padValue, hint), Rnn.Onnx.OnnxGraphBuilder.Ints("pads", 0, 0));
        }
    }
}