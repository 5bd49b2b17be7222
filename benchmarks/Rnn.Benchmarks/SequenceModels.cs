using Rnn;

namespace Rnn.Benchmarks
{
    /// <summary>A text model: right-padded character ids, masked embedding, bidirectional GRU over the real characters only.</summary>
    [Input(Dim.Variable)]
    [Embedding(64, 32, MaskZero = true)]
    [Gru(64, Bidirectional = true)]
    [Dense(10)]
    public partial class TextGru { }

    /// <summary>A Conv1D front end: a convolution and a pooling shorten the sequence before the LSTM reads it.</summary>
    [Input(64, 8)]
    [Conv1D(32, 5, Activation.Relu)]
    [MaxPooling1D(2)]
    [Lstm(32)]
    [Dense(10)]
    public partial class ConvLstm { }
}
