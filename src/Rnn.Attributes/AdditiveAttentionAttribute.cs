using System;

namespace Rnn
{
    /// <summary>
    /// Additive attention, Bahdanau style (Keras <c>AdditiveAttention</c>): scores sum(scale · tanh(q + k)) over the
    /// features, a softmax over the value steps, and the weighted sum of the values as the context. The output is the
    /// query followed by the context, [batch, time, 2 × features]. <see cref="AttentionLayerAttribute.UseScale"/> is true
    /// by default: a learned scale vector of one value per feature (features parameters); without it, none.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class AdditiveAttentionAttribute : AttentionLayerAttribute
    {
        /// <summary>Creates an AdditiveAttention layer with a learned scale vector unless <see cref="AttentionLayerAttribute.UseScale"/> is set to false.</summary>
        public AdditiveAttentionAttribute() : base(useScale: true) { }
    }
}
