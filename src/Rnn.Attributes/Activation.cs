namespace Rnn
{
    /// <summary>The activation a layer applies to its output.</summary>
    public enum Activation
    {
        /// <summary>No activation: the layer's output is linear (logits for a final Dense).</summary>
        None = 0,
        /// <summary>Hyperbolic tangent.</summary>
        Tanh = 1,
        /// <summary>Rectified linear unit, max(0, x).</summary>
        Relu = 2,
        /// <summary>Logistic sigmoid.</summary>
        Sigmoid = 3,
        /// <summary>Softmax over the last axis.</summary>
        Softmax = 4,
    }
}
