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
}
