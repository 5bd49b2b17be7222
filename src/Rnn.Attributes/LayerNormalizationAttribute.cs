using System;

namespace Rnn
{
    /// <summary>Normalises each step over its last axis, then scales and shifts it (Keras <c>LayerNormalization</c>, epsilon 1e-3). Parameters: 2 × features.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class LayerNormalizationAttribute : Attribute
    {
    }
}
