namespace Rnn
{
    /// <summary>How a bidirectional recurrent layer combines its forward and backward outputs (Keras <c>merge_mode</c>).</summary>
    public enum MergeMode
    {
        /// <summary>Concatenate on the last axis: the output has twice the units.</summary>
        Concat = 0,
        /// <summary>Add the two outputs.</summary>
        Sum = 1,
        /// <summary>Multiply the two outputs element-wise.</summary>
        Multiply = 2,
        /// <summary>Average the two outputs.</summary>
        Average = 3,
    }
}
