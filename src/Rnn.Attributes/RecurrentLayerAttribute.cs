using System;

namespace Rnn
{
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
}
