using Rnn;

namespace G2PSample
{
    /// <summary>Reads a word's letters: each letter's embedding, then a bidirectional GRU over the word, step by step.</summary>
    [Input(Dim.Variable)]
    [Embedding(G2PModel.MaxLetterIds, 64, MaskZero = true)]
    [Gru(256, Bidirectional = true, ReturnSequences = true, Dropout = G2PModel.Dropout)]
    public partial class LetterEncoder { }

    /// <summary>
    /// Writes a word's phonemes one at a time: a GRU over the phonemes so far, Luong attention over the encoder's output
    /// (which letters the next phoneme comes from), and a score per phoneme from the GRU's output and the attended letters.
    /// </summary>
    [Input(Dim.Variable)]
    [Embedding(G2PModel.MaxPhonemeIds, 64, MaskZero = true)]
    [Gru(512, ReturnSequences = true, Dropout = G2PModel.Dropout)]
    [Attention]
    [Dropout(G2PModel.Dropout)]
    [Dense(G2PModel.MaxPhonemeIds)]
    public partial class PhonemeDecoder { }

    /// <summary>
    /// Spelling to pronunciation: the encoder's two directions, side by side, start the decoder's GRU of 2 · 256 units, and
    /// its attention reads the encoder's 512 features per letter.
    /// </summary>
    [Seq2Seq(typeof(LetterEncoder), typeof(PhonemeDecoder))]
    public partial class G2PModel
    {
        /// <summary>The most letter ids the encoder's Embedding holds, the 4 reserved ones included (26 letters use 30).</summary>
        public const int MaxLetterIds = 64;

        /// <summary>The most phoneme ids the decoder reads and writes, the 4 reserved ones included (40 phonemes use 44).</summary>
        public const int MaxPhonemeIds = 64;

        /// <summary>The fraction of the recurrent layers' inputs and of the attention's output dropped in training.</summary>
        public const double Dropout = 0.2;
    }
}
