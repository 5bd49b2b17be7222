using System;

namespace Rnn
{
    /// <summary>A gated recurrent unit layer (Keras <c>GRU</c>).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class GruAttribute : RecurrentLayerAttribute
    {
        /// <summary>Creates a GRU layer with <paramref name="units"/> hidden units (&gt; 0).</summary>
        public GruAttribute(int units) : base(units) { }
    }
}
