using System.Collections.Immutable;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// Every layer kind, one line each. Nothing else lists the kinds: discovery, shapes, diagnostics and emission all
    /// go through the descriptors and the <see cref="LayerSpec"/> they decode. An Rnn attribute missing here is a bug
    /// that fails loudly (see <see cref="RnnSymbols"/>), never a default.
    /// </summary>
    internal static class LayerRegistry
    {
        public static readonly ImmutableArray<LayerDescriptor> All = ImmutableArray.Create(
            SimpleRnnLayer.Descriptor,
            LstmLayer.Descriptor,
            GruLayer.Descriptor,
            DenseLayer.Descriptor,
            EmbeddingLayer.Descriptor,
            MaskingLayer.Descriptor,
            DropoutLayer.Descriptor,
            Conv1DLayer.Descriptor,
            MaxPooling1DLayer.Descriptor,
            GlobalAveragePooling1DLayer.Descriptor,
            GlobalMaxPooling1DLayer.Descriptor,
            LayerNormalizationLayer.Descriptor,
            AttentionLayer.Descriptor,
            AdditiveAttentionLayer.Descriptor);
    }
}
