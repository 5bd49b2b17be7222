using System;

namespace Rnn
{
    /// <summary>The average over time (Keras <c>GlobalAveragePooling1D</c>): [batch, time, features] → [batch, features]; with a mask, over the real steps only.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class GlobalAveragePooling1DAttribute : Attribute
    {
    }
}
