using System;

namespace Rnn
{
    /// <summary>
    /// Declares an encoder–decoder model that joins two declared models: the encoder reads the source sequence, and its
    /// last recurrent layer's final state starts the decoder's first recurrent layer; the decoder, a language model over
    /// the target vocabulary, writes the target one token at a time. When the decoder holds an attention layer, it
    /// attends over the encoder's output sequence. The class it marks is a partial class without layers of its own:
    /// <c>[Seq2Seq(typeof(Encoder), typeof(Decoder))] public partial class Translator { }</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class Seq2SeqAttribute : Attribute
    {
        /// <summary>Joins <paramref name="encoder"/> and <paramref name="decoder"/>, two classes declared with [Input] and layers.</summary>
        /// <param name="encoder">The model that reads the source: its last recurrent layer's final state starts the decoder.</param>
        /// <param name="decoder">The language model that writes the target, from the encoder's state.</param>
        public Seq2SeqAttribute(Type encoder, Type decoder)
        {
            Encoder = encoder;
            Decoder = decoder;
        }

        /// <summary>The model that reads the source.</summary>
        public Type Encoder { get; }

        /// <summary>The model that writes the target.</summary>
        public Type Decoder { get; }
    }
}
