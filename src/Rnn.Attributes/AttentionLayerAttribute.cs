using System;

namespace Rnn
{
    /// <summary>
    /// Base type of the attention layers (<see cref="AttentionAttribute"/>, <see cref="AdditiveAttentionAttribute"/>). In a
    /// plain stack a layer attends over its own input (self-attention); its output is the query followed by the context,
    /// [batch, time, 2 × features], and the mask passes through.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public abstract class AttentionLayerAttribute : Attribute
    {
        /// <summary>Creates an attention layer whose <see cref="UseScale"/> starts at <paramref name="useScale"/>.</summary>
        protected AttentionLayerAttribute(bool useScale) => UseScale = useScale;

        /// <summary>When true the layer learns a scale of its scores; the kinds say what it is and its default.</summary>
        public bool UseScale { get; set; }

        /// <summary>
        /// When true a query step sees no later step (Keras <c>use_causal_mask</c>): step i attends over steps 0 … i only.
        /// False by default.
        /// </summary>
        public bool Causal { get; set; }

        /// <summary>Fraction of the attention weights dropped in training, in [0, 1); 0 (default) drops nothing.</summary>
        public double Dropout { get; set; }
    }
}
