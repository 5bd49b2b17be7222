namespace Rnn.Generators.Tests
{
    /// <summary>Valid model declarations shared by the snapshot, compile and caching tests.</summary>
    internal static class Models
    {
        public const string Seed = """
            using Rnn;

            namespace Samples;

            /// <summary>Classifies MNIST digits row by row.</summary>
            [Input(28, 28)]
            [SimpleRnn(128, Activation.Relu)]
            [Dense(10)]
            public partial class MnistRnn { }
            """;

        public const string Lstm = """
            using Rnn;

            namespace Samples.Text
            {
                /// <summary>An LSTM classifier with a softmax output.</summary>
                [Input(28, 28)]
                [Lstm(64)]
                [Dense(10, Activation.Softmax)]
                public partial class LstmClassifier { }
            }
            """;

        public const string Gru = """
            using Rnn;

            namespace Samples;

            /// <summary>A GRU regressor over sensor readings.</summary>
            [Input(50, 8)]
            [Gru(32)]
            [Dense(1, Activation.Sigmoid)]
            internal partial class SensorGru { }
            """;

        public const string Stacked = """
            using Rnn;

            namespace Samples;

            /// <summary>Stacked recurrent layers: sequences flow into the next recurrent layer.</summary>
            [Input(20, 16)]
            [SimpleRnn(32, ReturnSequences = true)]
            [Lstm(24, ReturnSequences = true)]
            [Gru(16)]
            [Dense(8, Activation.Relu)]
            [Dense(4)]
            public partial class StackedModel { }
            """;

        /// <summary>A sequence-to-sequence tagger: the output stays a sequence (RNN0011, information only).</summary>
        public const string Tagger = """
            using Rnn;

            namespace Samples;

            /// <summary>Tags every time step.</summary>
            [Input(28, 28)]
            [Lstm(32, ReturnSequences = true)]
            [Dense(10)]
            public partial class Tagger { }
            """;

        /// <summary>A character language model: it gets Generate.</summary>
        public const string LanguageModel = """
            using Rnn;

            namespace Samples;

            /// <summary>Writes text one character at a time.</summary>
            [Input(Dim.Variable)]
            [Embedding(80, 16)]
            [Lstm(64, ReturnSequences = true)]
            [Dense(80)]
            public partial class CharacterModel { }
            """;

        /// <summary>A model nested in partial types, in the global namespace, with a private nested model.</summary>
        public const string Nested = """
            using Rnn;

            /// <summary>Outer.</summary>
            public static partial class Outer
            {
                /// <summary>Middle.</summary>
                public partial struct Middle
                {
                    /// <summary>A nested model.</summary>
                    [Input(10, 3)]
                    [Gru(5)]
                    [Dense(2)]
                    public partial class NestedModel { }
                }

                [Input(4, 2)]
                [SimpleRnn(3)]
                private partial class Hidden { }
            }
            """;

        /// <summary>A text classifier: token ids of any length, a masked embedding, a bidirectional LSTM with input dropout.</summary>
        public const string Text = """
            using Rnn;

            namespace Samples.Text;

            /// <summary>Classifies reviews as positive or negative.</summary>
            [Input(Dim.Variable)]
            [Embedding(10000, 64, MaskZero = true)]
            [Lstm(32, Bidirectional = true, Dropout = 0.2)]
            [Dropout(0.5)]
            [Dense(1, Activation.Sigmoid)]
            public partial class Sentiment { }
            """;

        /// <summary>A convolutional front-end over a fixed-length float sequence, then an LSTM.</summary>
        public const string ConvLstm = """
            using Rnn;

            namespace Samples;

            /// <summary>Detects events in sensor readings.</summary>
            [Input(100, 8)]
            [Conv1D(32, 5, Activation.Relu, Padding = WindowPadding.Causal)]
            [MaxPooling1D(2)]
            [Conv1D(32, 3, Activation.Relu, Strides = 2)]
            [LayerNormalization]
            [Lstm(16, ReturnSequences = true)]
            [GlobalAveragePooling1D]
            [Dense(3, Activation.Softmax)]
            public partial class EventDetector { }
            """;

        /// <summary>
        /// Stacked bidirectional layers over masked tokens: the State record's properties are named after the Keras
        /// names (bidirectional, bidirectional_1), and their states hold both directions.
        /// </summary>
        public const string BidirectionalStack = """
            using Rnn;

            namespace Samples.Text;

            /// <summary>Encodes token sequences with two bidirectional layers.</summary>
            [Input(Dim.Variable)]
            [Embedding(1000, 16, MaskZero = true)]
            [Gru(32, Bidirectional = true, ReturnSequences = true)]
            [Lstm(16, Bidirectional = true, MergeMode = MergeMode.Sum)]
            [Dense(3, Activation.Softmax)]
            public partial class Encoder { }
            """;

        /// <summary>A model without recurrent layers: it has no State, InitialState or ForwardWithState.</summary>
        public const string Convolutional = """
            using Rnn;

            namespace Samples;

            /// <summary>Classifies sensor readings with convolutions alone.</summary>
            [Input(50, 8)]
            [Conv1D(16, 3, Activation.Relu)]
            [GlobalMaxPooling1D]
            [Dense(2)]
            public partial class ConvClassifier { }
            """;

        /// <summary>Self-attention over masked tokens: both attention kinds, a field each, their options in the constructor.</summary>
        public const string Attention = """
            using Rnn;

            namespace Samples.Text;

            /// <summary>Classifies token sequences with self-attention over a recurrent encoding.</summary>
            [Input(Dim.Variable)]
            [Embedding(1000, 16, MaskZero = true)]
            [Gru(16, ReturnSequences = true)]
            [Attention(UseScale = true, Causal = true)]
            [AdditiveAttention(Dropout = 0.1)]
            [GlobalAveragePooling1D]
            [Dense(3, Activation.Softmax)]
            public partial class AttentionClassifier { }
            """;

        /// <summary>
        /// An encoder–decoder: a bidirectional GRU encoder whose two directions, side by side, start the decoder's GRU of
        /// twice its units; the decoder is a language model over 40 tokens whose attention layer attends over the encoder's
        /// output sequence (so it gets ForwardWithMemoryCore). Its encoder and decoder generate their own classes.
        /// </summary>
        public const string Seq2Seq = """
            using Rnn;

            namespace Samples.Speech;

            /// <summary>Reads a word's letters.</summary>
            [Input(Dim.Variable)]
            [Embedding(30, 16, MaskZero = true)]
            [Gru(32, Bidirectional = true, ReturnSequences = true)]
            public partial class SpellingEncoder { }

            /// <summary>Writes its phonemes.</summary>
            [Input(Dim.Variable)]
            [Embedding(40, 16, MaskZero = true)]
            [Gru(64, ReturnSequences = true)]
            [Attention]
            [Dense(40)]
            public partial class PhonemeDecoder { }

            /// <summary>Spells words out as phonemes.</summary>
            [Seq2Seq(typeof(SpellingEncoder), typeof(PhonemeDecoder))]
            public partial class Pronouncer { }
            """;

        public static readonly string[] AllValid = { Seed, Lstm, Gru, Stacked, Tagger, Nested, Text, ConvLstm, BidirectionalStack, Convolutional, Attention, LanguageModel, Seq2Seq };
    }
}
