namespace Rnn
{
    /// <summary>How a convolution or pooling layer pads the time axis (Keras <c>padding</c>).</summary>
    public enum WindowPadding
    {
        /// <summary>No padding: the output is shorter than the input.</summary>
        Valid = 0,
        /// <summary>Pad both ends so that the output length is ceil(time / strides).</summary>
        Same = 1,
        /// <summary>Pad the start only, so step t sees no later step (Conv1D only).</summary>
        Causal = 2,
    }
}
