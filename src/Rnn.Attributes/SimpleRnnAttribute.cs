using System;

namespace Rnn
{
    /// <summary>A fully connected recurrent layer (Keras <c>SimpleRNN</c>).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class SimpleRnnAttribute : RecurrentLayerAttribute
    {
        /// <summary>Creates a SimpleRnn layer.</summary>
        /// <param name="units">Hidden units (&gt; 0).</param>
        /// <param name="activation">The cell activation: <see cref="Rnn.Activation.Tanh"/> (default) or <see cref="Rnn.Activation.Relu"/>.</param>
        public SimpleRnnAttribute(int units, Activation activation = Activation.Tanh) : base(units) => Activation = activation;

        /// <summary>The cell activation.</summary>
        public Activation Activation { get; }
    }
}
