using System;

namespace Rnn
{
    /// <summary>A long short-term memory layer (Keras <c>LSTM</c>).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class LstmAttribute : RecurrentLayerAttribute
    {
        /// <summary>Creates an LSTM layer with <paramref name="units"/> hidden units (&gt; 0).</summary>
        public LstmAttribute(int units) : base(units) { }
    }
}
