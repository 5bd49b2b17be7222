using Rnn;
using Rnn.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageIdSample
{
    /// <summary>
    /// The character model, built from the runtime's layer modules: Embedding(MaskZero) → Gru(Bidirectional) over the
    /// real characters only (the mask packs each word) → Dropout → Dense(classes). This is what
    /// <c>[Input(Dim.Variable)] [Embedding(256, 32, MaskZero = true)] [Gru(64, Bidirectional = true)] [Dropout(0.3)]
    /// [Dense(classes)]</c> will generate; the number of classes is only known at run time here, so the layers are
    /// composed by hand until the generator's token inputs are merged.
    /// </summary>
    public sealed class CharacterClassifier : nn.Module<Tensor, Tensor>
    {
        private readonly Embedding embedding;
        private readonly Gru gru;
        private readonly Dropout dropout;
        private readonly Dense dense;

        /// <summary>Creates the layers with weights drawn from <paramref name="generator"/>.</summary>
        public CharacterClassifier(long vocabulary, long classes, Generator generator, long dimensions = 32, long units = 64, double rate = 0.3)
            : base(nameof(CharacterClassifier))
        {
            embedding = new Embedding("embedding", vocabulary, dimensions, maskZero: true, generator);
            gru = new Gru("gru", dimensions, units, returnSequences: false, bidirectional: true, MergeMode.Concat, dropout: 0, generator);
            dropout = new Dropout("dropout", rate);
            dense = new Dense("dense", 2 * units, classes, Activation.None, generator);
            RegisterComponents();
        }

        /// <summary>Logits [batch, classes] for right-padded character ids [batch, time] (0 = padding).</summary>
        public override Tensor forward(Tensor ids)
        {
            using var scope = NewDisposeScope();
            var embedded = embedding.Forward(ids, null);
            var encoded = gru.Forward(embedded.Output, embedded.Mask);
            var dropped = dropout.Forward(encoded.Output, encoded.Mask);
            return dense.Forward(dropped.Output, dropped.Mask).Output.MoveToOuterDisposeScope();
        }
    }
}
