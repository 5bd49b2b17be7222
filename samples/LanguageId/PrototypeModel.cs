using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LanguageIdSample
{
    /// <summary>
    /// Embedding → bidirectional GRU over the real characters only (packed) → dropout → dense, written directly in
    /// TorchSharp until the generated layers (Embedding with MaskZero, Bidirectional Gru, Dropout) are merged.
    /// </summary>
    internal sealed class PrototypeModel : nn.Module<Tensor, Tensor>
    {
        private readonly Embedding embedding;
        private readonly GRU gru;
        private readonly Dropout dropout;
        private readonly Linear dense;

        public PrototypeModel(long vocabulary, long classes, long embed = 32, long units = 64, double rate = 0.3) : this(vocabulary, classes, embed, units, rate, 0) { }
        private PrototypeModel(long vocabulary, long classes, long embed, long units, double rate, int _) : base("prototype")
        {
            embedding = nn.Embedding(vocabulary, embed, padding_idx: 0);
            gru = nn.GRU(embed, units, batchFirst: true, bidirectional: true);
            dropout = nn.Dropout(rate);
            dense = nn.Linear(2 * units, classes);
            RegisterComponents();
        }

        public override Tensor forward(Tensor ids)
        {
            using var scope = NewDisposeScope();
            var lengths = ids.ne(0).sum(1).clamp_min(1).cpu();
            var packed = nn.utils.rnn.pack_padded_sequence(embedding.call(ids), lengths, batch_first: true, enforce_sorted: false);
            var (_, hidden) = gru.call(packed);
            var last = torch.cat(new[] { hidden[0], hidden[1] }, dim: 1);
            return dense.call(dropout.call(last)).MoveToOuterDisposeScope();
        }
    }
}
