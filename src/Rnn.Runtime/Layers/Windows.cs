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
    }
}
