using System;

namespace Rnn
{
    /// <summary>
    /// The maximum over windows of time steps (Keras <c>MaxPooling1D</c>): [batch, time, features] → [batch, time′, features].
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class MaxPooling1DAttribute : Attribute
    {
        /// <summary>Creates a MaxPooling1D layer.</summary>
        /// <param name="poolSize">Time steps per window (&gt; 0, default 2).</param>
        public MaxPooling1DAttribute(int poolSize = 2)
        {
            PoolSize = poolSize;
            Strides = poolSize;
        }

        /// <summary>Time steps per window.</summary>
        public int PoolSize { get; }

        /// <summary>Steps between successive windows (&gt; 0); by default <see cref="PoolSize"/>, as in Keras.</summary>
        public int Strides { get; set; }

        /// <summary>How the time axis is padded: <see cref="Rnn.WindowPadding.Valid"/> (default) or Same.</summary>
        public WindowPadding Padding { get; set; }
    }
}
