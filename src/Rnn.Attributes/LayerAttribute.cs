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

    /// <summary>Base type of the recurrent layers (SimpleRnn, Lstm, Gru).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public abstract class RecurrentLayerAttribute : LayerAttribute
    {
        /// <summary>Creates a recurrent layer with <paramref name="units"/> hidden units.</summary>
        protected RecurrentLayerAttribute(int units) : base(units) { }

        /// <summary>
        /// When true the layer returns its whole output sequence, [batch, time, units];
        /// when false (the default) only the last step, [batch, units]. Set it to stack recurrent layers.
        /// </summary>
        public bool ReturnSequences { get; set; }

        /// <summary>
        /// When true the layer also runs backward over the sequence (Keras <c>Bidirectional</c>); the two directions are
        /// combined by <see cref="MergeMode"/>. The parameters double.
        /// </summary>
        public bool Bidirectional { get; set; }

        /// <summary>How a bidirectional layer combines its two directions; <see cref="Rnn.MergeMode.Concat"/> (default) doubles the output width.</summary>
        public MergeMode MergeMode { get; set; }

        /// <summary>Fraction of the input features dropped in training, in [0, 1); 0 (default) drops nothing.</summary>
        public double Dropout { get; set; }
    }

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

    /// <summary>A long short-term memory layer (Keras <c>LSTM</c>).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class LstmAttribute : RecurrentLayerAttribute
    {
        /// <summary>Creates an LSTM layer with <paramref name="units"/> hidden units (&gt; 0).</summary>
        public LstmAttribute(int units) : base(units) { }
    }

    /// <summary>A gated recurrent unit layer (Keras <c>GRU</c>).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class GruAttribute : RecurrentLayerAttribute
    {
        /// <summary>Creates a GRU layer with <paramref name="units"/> hidden units (&gt; 0).</summary>
        public GruAttribute(int units) : base(units) { }
    }

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
