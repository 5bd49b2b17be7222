using System;

namespace Rnn
{
    /// <summary>
    /// Dot-product attention, Luong style (Keras <c>Attention</c>): scores q·k, a softmax over the value steps, and the
    /// weighted sum of the values as the context. The output is the query followed by the context (Keras's Attention then
    /// Concatenate), [batch, time, 2 × features]. With <see cref="AttentionLayerAttribute.UseScale"/> (false by default)
    /// it learns one scalar that multiplies the scores: 1 parameter, else none.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class AttentionAttribute : AttentionLayerAttribute
    {
        /// <summary>Creates an Attention layer, without a scale unless <see cref="AttentionLayerAttribute.UseScale"/> is set.</summary>
        public AttentionAttribute() : base(useScale: false) { }
    }
}
