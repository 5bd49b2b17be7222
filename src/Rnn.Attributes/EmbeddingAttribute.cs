using System;

namespace Rnn
{
    /// <summary>
    /// Turns int64 token ids [batch, time] into vectors [batch, time, dimensions] (Keras <c>Embedding</c>). It must come
    /// right after a token input, <c>[Input(timesteps)]</c>. Parameters: vocabulary × dimensions.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class EmbeddingAttribute : Attribute
    {
        /// <summary>Creates an Embedding layer.</summary>
        /// <param name="vocabulary">Number of distinct token ids; ids are in [0, vocabulary) (&gt; 0).</param>
        /// <param name="dimensions">Size of each token's vector (&gt; 0).</param>
        public EmbeddingAttribute(int vocabulary, int dimensions)
        {
            Vocabulary = vocabulary;
            Dimensions = dimensions;
        }

        /// <summary>Number of distinct token ids.</summary>
        public int Vocabulary { get; }

        /// <summary>Size of each token's vector.</summary>
        public int Dimensions { get; }

        /// <summary>When true, id 0 is padding: its steps are masked for the layers after it (Keras <c>mask_zero</c>).</summary>
        public bool MaskZero { get; set; }
    }
}
