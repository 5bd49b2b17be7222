using Rnn;

namespace Rnn.Benchmarks
{
    /// <summary>An LSTM with both kinds of dropout, whose masks come from the CUDA generator on a GPU: for the resume check.</summary>
    [Input(28, 28)]
    [Lstm(64, Dropout = 0.2)]
    [Dropout(0.3)]
    [Dense(10)]
    public partial class DropoutLstm { }

    /// <summary>A tagger over right-padded token ids: a mask from the embedding, one class per real step.</summary>
    [Input(Dim.Variable)]
    [Embedding(30, 16, MaskZero = true)]
    [Lstm(32, ReturnSequences = true)]
    [Dense(5)]
    public partial class GpuTagger { }

    /// <summary>A character-level language model (ids in, scores over the same ids out): it gets Generate.</summary>
    [Input(Dim.Variable)]
    [Embedding(40, 16)]
    [Lstm(32, ReturnSequences = true)]
    [Dense(40)]
    public partial class GpuLanguageModel { }

    [Input(Dim.Variable)]
    [Embedding(12, 16, MaskZero = true)]
    [Gru(32, ReturnSequences = true)]
    public partial class GpuEncoder { }

    [Input(Dim.Variable)]
    [Embedding(12, 16, MaskZero = true)]
    [Gru(32, ReturnSequences = true)]
    [Attention]
    [Dense(12)]
    public partial class GpuDecoder { }

    /// <summary>An encoder–decoder with attention over right-padded token ids (0 padding, 1 start, 2 end): for Translate.</summary>
    [Seq2Seq(typeof(GpuEncoder), typeof(GpuDecoder))]
    public partial class GpuTranslator { }
}
