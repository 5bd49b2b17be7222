using Rnn;

namespace MnistSample
{
    /// <summary>The Keras tutorial's model: each image is 28 time steps of 28 features, SimpleRNN(128, relu), Dense(10) logits.</summary>
    [Input(28, 28)]
    [SimpleRnn(128, Activation.Relu)]
    [Dense(10)]
    public partial class MnistRnn { }

    /// <summary>The tutorial's LSTM drop-in.</summary>
    [Input(28, 28)]
    [Lstm(128)]
    [Dense(10)]
    public partial class MnistLstm { }

    /// <summary>The tutorial's GRU drop-in.</summary>
    [Input(28, 28)]
    [Gru(128)]
    [Dense(10)]
    public partial class MnistGru { }

    /// <summary>Two stacked recurrent layers: the first returns its whole sequence to feed the second.</summary>
    [Input(28, 28)]
    [Lstm(64, ReturnSequences = true)]
    [Lstm(64)]
    [Dense(10)]
    public partial class MnistStacked { }
}
