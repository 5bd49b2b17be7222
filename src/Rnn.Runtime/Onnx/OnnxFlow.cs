using System.Collections.Generic;

namespace Rnn.Onnx
{
    /// <summary>
    /// What flows from one layer to the next in an ONNX graph under construction: the value's name, its dimensions as far
    /// as they are known at export time, whether it holds int64 token ids, and the name of its mask.
    /// </summary>
    /// <param name="Value">The graph value name of the layer output.</param>
    /// <param name="Dimensions">One entry per axis: the size, or null when it is only known at run time (the batch, a variable time).</param>
    /// <param name="IsTokens">True for int64 token ids [batch, time]; false for float32 values.</param>
    /// <param name="Mask">The graph value name of a bool [batch, time] mask (true on real steps), or null.</param>
    internal readonly record struct OnnxFlow(string Value, IReadOnlyList<long?> Dimensions, bool IsTokens, string? Mask)
    {
        /// <summary>Number of axes.</summary>
        public int Rank => Dimensions.Count;
    }
}
