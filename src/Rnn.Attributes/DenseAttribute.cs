using System;

namespace Rnn
{
    /// <summary>
    /// A densely connected layer. On a sequence input [batch, time, features] it acts on the last axis,
    /// as in Keras, giving [batch, time, units].
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DenseAttribute : LayerAttribute
    {
        /// <summary>Creates a Dense layer.</summary>
        /// <param name="units">Output units (&gt; 0).</param>
        /// <param name="activation">Activation applied to the output; <see cref="Rnn.Activation.None"/> (default) gives logits.</param>
        public DenseAttribute(int units, Activation activation = Activation.None) : base(units) => Activation = activation;

        /// <summary>The output activation.</summary>
        public Activation Activation { get; }
    }
}
