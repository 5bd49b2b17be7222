namespace Rnn.Runtime.Tests.Seq2Seq
{
    [Input(Dim.Variable)]
    [Embedding(Toy.Vocabulary, 16, MaskZero = true)]
    [Gru(48)]
    public partial class ToyEncoder { }

    [Input(Dim.Variable)]
    [Embedding(Toy.Vocabulary, 16, MaskZero = true)]
    [Gru(48, ReturnSequences = true)]
    [Dense(Toy.Vocabulary)]
    public partial class ToyDecoder { }

    /// <summary>An encoder–decoder without attention: the encoder's final state alone carries the source.</summary>
    [Seq2Seq(typeof(ToyEncoder), typeof(ToyDecoder))]
    public partial class ToyTranslator { }

    [Input(Dim.Variable)]
    [Embedding(Toy.Vocabulary, 8, MaskZero = true)]
    [Lstm(12, Bidirectional = true, MergeMode = MergeMode.Sum)]
    public partial class SumEncoder { }

    [Input(Dim.Variable)]
    [Embedding(Toy.Vocabulary, 8, MaskZero = true)]
    [Lstm(12, ReturnSequences = true)]
    [Dropout(0.1)]
    [Dense(Toy.Vocabulary)]
    public partial class SumDecoder { }

    /// <summary>A bidirectional LSTM encoder whose directions are summed into the decoder's 12 units.</summary>
    [Seq2Seq(typeof(SumEncoder), typeof(SumDecoder))]
    public partial class SumTranslator { }

    [Input(Dim.Variable)]
    [Embedding(Toy.Vocabulary, 8, MaskZero = true)]
    [Gru(10, Bidirectional = true)]
    public partial class ConcatEncoder { }

    [Input(Dim.Variable)]
    [Embedding(Toy.Vocabulary, 8, MaskZero = true)]
    [Gru(20, ReturnSequences = true)]
    [Gru(7, ReturnSequences = true)]
    [Dense(Toy.Vocabulary)]
    public partial class ConcatDecoder { }

    /// <summary>A bidirectional GRU encoder whose directions side by side start the decoder's first GRU of 2 · 10 units.</summary>
    [Seq2Seq(typeof(ConcatEncoder), typeof(ConcatDecoder))]
    public partial class ConcatTranslator { }
}

namespace Rnn.Runtime.Tests.Seq2Seq
{
    [Input(Dim.Variable)]
    [Embedding(Toy.Vocabulary, 16, MaskZero = true)]
    [Gru(32, ReturnSequences = true)]
    public partial class AttentiveEncoder { }

    [Input(Dim.Variable)]
    [Embedding(Toy.Vocabulary, 16, MaskZero = true)]
    [Gru(32, ReturnSequences = true)]
    [Attention]
    [Dense(Toy.Vocabulary)]
    public partial class AttentiveDecoder { }

    /// <summary>Luong attention: the decoder's GRU queries the encoder's output sequence at every step.</summary>
    [Seq2Seq(typeof(AttentiveEncoder), typeof(AttentiveDecoder))]
    public partial class AttentiveTranslator { }

    [Input(Dim.Variable)]
    [Embedding(Toy.Vocabulary, 8, MaskZero = true)]
    [Lstm(10, Bidirectional = true, ReturnSequences = true)]
    public partial class AdditiveEncoder { }

    [Input(Dim.Variable)]
    [Embedding(Toy.Vocabulary, 8, MaskZero = true)]
    [Lstm(20, ReturnSequences = true)]
    [AdditiveAttention]
    [Dense(Toy.Vocabulary)]
    public partial class AdditiveDecoder { }

    /// <summary>Bahdanau attention over a bidirectional LSTM's 2 · 10 features, whose final states start the decoder's LSTM of 20 units.</summary>
    [Seq2Seq(typeof(AdditiveEncoder), typeof(AdditiveDecoder))]
    public partial class AdditiveTranslator { }
}
