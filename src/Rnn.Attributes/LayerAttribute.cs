using System;

namespace Rnn
{
    /// <summary>Base type of the layer attributes. Layers apply in source order.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public abstract class LayerAttribute : Attribute
    {
        /// <summary>Creates a layer with <paramref name="units"/> output units.</summary>
        protected LayerAttribute(int units) => Units = units;

        /// <summary>Number of output units (&gt; 0).</summary>
        public int Units { get; }
    }
}
