using System.Globalization;
using System.Linq;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    /// <summary>
    /// Which models are language models, decided at compile time: one rule for the models that get <c>Generate</c> and for
    /// a Seq2Seq model's decoder. A language model reads token ids of any length (<c>[Input(Dim.Variable)]</c>) through an
    /// Embedding of vocabulary V and gives scores over the same V at every step, <c>[None, time, V]</c>; every layer runs
    /// one step at a time (Embedding, Dense, Dropout, LayerNormalization, Masking, and forward-only recurrent layers with
    /// <c>ReturnSequences = true</c>), and at least one is recurrent, whose state carries the context from one token to the
    /// next. In a decoder an attention layer runs step by step too, since it attends over the encoder's output, which each
    /// step sees whole; in a plain stack it attends over its own input's steps, so it does not.
    /// </summary>
    internal static class LanguageModels
    {
        /// <summary>
        /// What the rule says of <paramref name="spec"/> (its shapes known), from one evaluation: whether it can be a Seq2Seq
        /// decoder, and from that whether it is a language model of its own, which a decoder is when it also has no
        /// attention layer (in a plain stack that attends over its own input's steps) and a recurrent layer (a decoder's
        /// state comes from its encoder, and the join checks its recurrent layer itself).
        /// </summary>
        public static LanguageModelFit Of(ModelSpec spec, ShapeAnalysis shapes)
        {
            var whyNot = WhyNotADecoder(spec, shapes);
            bool attends = spec.Layers.Any(layer => layer is AttendingLayer);
            bool alone = whyNot is null && !attends && spec.Layers.Any(layer => layer is RecurrentLayer);
            return new LanguageModelFit(alone ? ((EmbeddingLayer)spec.Layers[0]).Vocabulary : null, whyNot is null && attends, whyNot);
        }

        /// <summary>
        /// Why <paramref name="spec"/> cannot be a Seq2Seq decoder, whose attention layers attend over the encoder's output,
        /// with the layer at fault (-1: the input); null when it can.
        /// </summary>
        private static (string Reason, int Layer)? WhyNotADecoder(ModelSpec spec, ShapeAnalysis shapes)
        {
            if (spec.Input.Features is not null || spec.Layers.Count == 0 || spec.Layers[0] is not EmbeddingLayer embedding)
                return ("its input is " + shapes.Input.ToBrackets() + ", not token ids read by an Embedding", -1);
            if (spec.Input.Timesteps != Dim.Variable)
                return ("its input has " + Int(spec.Input.Timesteps) + " timesteps, but a decoder reads one token at a time: declare [Input(Dim.Variable)]", -1);
            for (int i = 1; i < spec.Layers.Count; i++)
            {
                if (NotStepwise(spec.Layers[i]) is { } reason) return (reason, i);
            }
            var output = shapes.Output;
            int vocabulary = embedding.Vocabulary;
            if (!output.IsSequence || output.Features != vocabulary)
                return ("its output is " + output.ToBrackets() + ", but a language model's is [None, time, " + Int(vocabulary)
                    + "], one score per token of its " + embedding.Display, spec.Layers.Count - 1);
            return null;
        }

        /// <summary>Why <paramref name="layer"/> of a decoder cannot run one step at a time, or null when it can.</summary>
        private static string? NotStepwise(LayerSpec layer) => layer switch
        {
            RecurrentLayer { Bidirectional: true } => "Bidirectional " + layer.Display + " also reads each sequence backwards, so it cannot run one step at a time",
            RecurrentLayer { ReturnSequences: false } => layer.Display + " returns one output per sequence, not one per step; set ReturnSequences = true",
            RecurrentLayer => null,
            // A causal attention layer would line its steps up with the encoder's, and one step would see the first alone.
            AttendingLayer { Causal: true } => layer.Display + " with Causal = true lines its steps up with the encoder's, so it cannot run one step at a time over them",
            AttendingLayer => null,
            _ when layer.RunsStepByStep => null,
            _ => layer.Display + " looks at several steps at once, so it cannot run one step at a time",
        };

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
