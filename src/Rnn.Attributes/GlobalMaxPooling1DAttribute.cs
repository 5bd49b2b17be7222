using System;

namespace Rnn
{
    /// <summary>The maximum over time (Keras <c>GlobalMaxPooling1D</c>): [batch, time, features] → [batch, features]; with a mask, over the real steps only.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class GlobalMaxPooling1DAttribute : Attribute
    {
    }
}
