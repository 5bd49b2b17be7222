using System.Linq;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    /// <summary>
    /// Which models are language models, decided at compile time: those that get <c>Generate</c>. A language model reads
    /// token ids of any length (<c>[Input(Dim.Variable)]</c>) through an Embedding of vocabulary V and gives scores over
    /// the same V at every step, <c>[None, time, V]</c>; every layer runs step by step
    /// (<see cref="LayerSpec.RunsStepByStep"/>: Embedding, Dense, Dropout, LayerNormalization, Masking, and
    /// forward-only recurrent layers with <c>ReturnSequences = true</c>), and at least one is recurrent, whose state carries
    /// the context from one generated token to the next.
    /// </summary>
    internal static class LanguageModels
    {
        /// <summary>The vocabulary V when <paramref name="spec"/> is a language model (its shapes known); otherwise null.</summary>
        public static int? VocabularyOf(ModelSpec spec, ShapeAnalysis? shapes)
        {
            if (shapes is null || spec.Input.Features is not null || spec.Input.Timesteps != Dim.Variable) return null;
            if (spec.Layers.Count == 0 || spec.Layers[0] is not EmbeddingLayer embedding) return null;
            if (!spec.Layers.All(layer => layer.RunsStepByStep) || !spec.Layers.Any(layer => layer is RecurrentLayer)) return null;
            var output = shapes.Output;
            return output.IsSequence && output.Dimensions[1].Size == embedding.Vocabulary ? embedding.Vocabulary : null;
        }
    }
}
