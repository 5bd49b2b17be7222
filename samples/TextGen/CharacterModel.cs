using System.Globalization;
using Rnn;

namespace TextGenSample
{
    /// <summary>
    /// TextGen's character language model: character ids of any length → Embedding(128, 64) → an LSTM of 256 units over
    /// every step → scores over the same 128 ids at every step. It reads ids and writes scores over its Embedding's
    /// vocabulary, step by step, so the generator makes it a language model: it has <c>Generate</c>.
    /// </summary>
    [Input(Dim.Variable)]
    [Embedding(Vocabulary, EmbeddingWidth)]
    [Lstm(Units, ReturnSequences = true)]
    [Dense(Vocabulary)]
    public partial class CharacterModel
    {
        /// <summary>The width of each character's embedding.</summary>
        public const int EmbeddingWidth = 64;

        /// <summary>The LSTM's units: the size of the state that carries the context.</summary>
        public const int Units = 256;

        /// <summary>The model as the report shows it.</summary>
        public static string Description =>
            string.Create(CultureInfo.InvariantCulture, $"Embedding({Vocabulary}, {EmbeddingWidth}) -> Lstm({Units}) -> Dense({Vocabulary}), {ParameterCount:N0} parameters");

        /// <summary>
        /// The ids the model reads and scores: padding (0), out of vocabulary (1) and up to 126 characters. A text with
        /// more distinct characters keeps its 126 most frequent; the rest share id 1.
        /// </summary>
        public const int Vocabulary = 128;
    }
}
