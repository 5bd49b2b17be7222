using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    /// <summary>
    /// The compile-time checks of a <c>[Seq2Seq(typeof(Encoder), typeof(Decoder))]</c> join, pure and location-free: each
    /// part is a declared model with a recurrent layer, the decoder is a language model, and the encoder's last recurrent
    /// layer's final state fits the decoder's first recurrent layer (its kind, and its units after a bidirectional
    /// encoder's two directions become one). A part with errors of its own is left to its own diagnostics.
    /// </summary>
    internal static class Seq2SeqJoin
    {
        /// <summary>The join's problems in a fixed order, and the parts' parameters together (null unless both parts are valid models).</summary>
        public static (EquatableArray<Seq2SeqProblem> Problems, long? ParameterCount) Check(Seq2SeqDeclaration declaration)
        {
            var problems = new List<Seq2SeqProblem>();
            if (declaration.Encoder is not { } encoder || declaration.Decoder is not { } decoder) return (problems.ToEquatableArray(), null);
            foreach (var part in new[] { encoder, decoder })
            {
                if (part.NotAModel is { } reason)
                    problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqPartNotAModel, Seq2SeqSite.Attribute(part.Role), null,
                        part.Argument, declaration.Name, part.Display, reason));
            }
            if (encoder is not { Valid: true, Spec: { } encoderSpec } || decoder is not { Valid: true, Spec: { } decoderSpec })
                return (problems.ToEquatableArray(), null);

            var encoderShapes = Shapes.Analyze(encoderSpec);
            var decoderShapes = Shapes.Analyze(decoderSpec);
            CheckLanguageModel(declaration, decoder, decoderSpec, decoderShapes, problems);
            int last = LastIndex(encoderSpec.Layers, l => l is RecurrentLayer);
            int first = FirstIndex(decoderSpec.Layers, l => l is RecurrentLayer);
            if (last < 0)
                problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqPartWithoutRecurrentLayer, Seq2SeqSite.Attribute(Seq2SeqRole.Encoder), null,
                    encoder.Argument, declaration.Name, encoder.Display, "its last recurrent layer's final state starts the decoder"));
            if (first < 0)
                problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqPartWithoutRecurrentLayer, Seq2SeqSite.Attribute(Seq2SeqRole.Decoder), null,
                    decoder.Argument, declaration.Name, decoder.Display, "the encoder's final state starts its first recurrent layer"));
            if (last >= 0 && first >= 0)
                CheckState(encoder, (RecurrentLayer)encoderSpec.Layers[last], last, decoder, (RecurrentLayer)decoderSpec.Layers[first], first, problems);
            return (problems.ToEquatableArray(), ParameterCount(declaration, encoderShapes, decoderShapes, problems));
        }

        /// <summary>
        /// Why <paramref name="spec"/> is not a language model, pointing at the input (-1) or the layer at fault; null when it
        /// is one: token ids in, an Embedding of V tokens, every layer one step at a time, and [None, time, V] out.
        /// </summary>
        public static (string Reason, int Layer, string? Argument)? NotLanguageModel(ModelSpec spec, ShapeAnalysis shapes)
        {
            if (spec.Input.Features is not null || spec.Layers.Count == 0 || spec.Layers[0] is not EmbeddingLayer embedding)
                return ("its input is " + shapes.Input.ToBrackets() + ", not token ids read by an Embedding", -1, null);
            for (int i = 1; i < spec.Layers.Count; i++)
            {
                if (NotStepwise(spec.Layers[i]) is { } why) return (why.Reason, i, why.Argument);
            }
            var output = shapes.Output;
            int vocabulary = embedding.Vocabulary;
            if (!output.IsSequence || output.Features != vocabulary)
                return ("its output is " + output.ToBrackets() + ", but a language model's is [None, time, " + Int(vocabulary)
                    + "], one score per token of its " + embedding.Display, spec.Layers.Count - 1, spec.Layers[spec.Layers.Count - 1].SizeArgument);
            return null;
        }

        /// <summary>Why <paramref name="layer"/> cannot run one step at a time (with the argument at fault), or null when it can.</summary>
        private static (string Reason, string? Argument)? NotStepwise(LayerSpec layer)
        {
            if (layer is RecurrentLayer recurrent)
            {
                if (recurrent.Bidirectional) return ("Bidirectional " + layer.Display + " also reads each sequence backwards, so it cannot run one step at a time", "Bidirectional");
                if (!recurrent.ReturnSequences) return (layer.Display + " returns one output per sequence, not one per step; set ReturnSequences = true", null);
                return null;
            }
            return layer.IsPerStep ? null : ((string, string?)?)(layer.Display + " looks at several steps at once, so it cannot run one step at a time", null);
        }

        private static void CheckLanguageModel(Seq2SeqDeclaration declaration, Seq2SeqPart decoder, ModelSpec spec, ShapeAnalysis shapes, List<Seq2SeqProblem> problems)
        {
            if (NotLanguageModel(spec, shapes) is not { } fault) return;
            problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqDecoderNotLanguageModel,
                Seq2SeqSite.In(Seq2SeqRole.Decoder, fault.Layer, fault.Argument), null, decoder.Display, declaration.Name, fault.Reason));
        }

        /// <summary>
        /// The encoder's last recurrent layer <paramref name="last"/> against the decoder's first <paramref name="first"/>:
        /// the same kind (RNN0032), a merge mode that makes one state of a bidirectional layer's two (RNN0034), and as many
        /// units (RNN0033). A bidirectional decoder layer is the language-model check's (RNN0035).
        /// </summary>
        private static void CheckState(Seq2SeqPart encoder, RecurrentLayer last, int lastIndex, Seq2SeqPart decoder, RecurrentLayer first, int firstIndex,
            List<Seq2SeqProblem> problems)
        {
            var encoderSite = Seq2SeqSite.In(Seq2SeqRole.Encoder, lastIndex);
            var decoderSite = Seq2SeqSite.In(Seq2SeqRole.Decoder, firstIndex);
            if (last.KindName != first.KindName)
            {
                problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqStateKind, decoderSite, encoderSite,
                    Name(last), encoder.Display, Name(first), decoder.Display, StateName(last), StateName(first)));
                return;
            }
            if (last.Bidirectional && last.MergeMode is not (MergeMode.Concat or MergeMode.Sum))
            {
                problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqMergeMode, Seq2SeqSite.In(Seq2SeqRole.Encoder, lastIndex, "MergeMode"), decoderSite,
                    last.Display, encoder.Display, last.MergeMode.ToString(), Int(2L * last.Units), Int(last.Units)));
                return;
            }
            if (first.Bidirectional) return;
            long units = last.Bidirectional && last.MergeMode == MergeMode.Concat ? 2L * last.Units : last.Units;
            if (first.Units == units) return;
            string merged = !last.Bidirectional ? "" : last.MergeMode == MergeMode.Concat
                ? " (its two directions' " + Int(last.Units) + " each, concatenated: MergeMode.Concat)"
                : " (its two directions summed: MergeMode.Sum)";
            string fix = "give " + first.Display + " " + Int(units) + " units"
                + (last.Bidirectional && last.MergeMode == MergeMode.Concat && first.Units == last.Units
                    ? ", or set MergeMode = MergeMode.Sum on " + Name(last) + " for " + Int(last.Units)
                    : "");
            problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqStateUnits, Seq2SeqSite.In(Seq2SeqRole.Decoder, firstIndex, "units"), encoderSite,
                Name(last), encoder.Display, Int(units), merged, first.Display, decoder.Display, Int(first.Units), fix));
        }

        /// <summary>The two parts' parameters together; RNN0015 on the attribute when the sum does not fit in a long.</summary>
        private static long? ParameterCount(Seq2SeqDeclaration declaration, ShapeAnalysis encoder, ShapeAnalysis decoder, List<Seq2SeqProblem> problems)
        {
            if (encoder.TotalParameters is not long e || decoder.TotalParameters is not long d) return null;
            decimal total = (decimal)e + d;
            if (total <= long.MaxValue) return (long)total;
            problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.TooManyParameters, Seq2SeqSite.Attribute(Seq2SeqRole.Decoder), null,
                "'" + declaration.Name + "' (its encoder and decoder together)", total.ToString("N0", CultureInfo.InvariantCulture)));
            return null;
        }

        /// <summary><c>Gru(64)</c>, or <c>Bidirectional Gru(64)</c>.</summary>
        private static string Name(RecurrentLayer layer) => (layer.Bidirectional ? "Bidirectional " : "") + layer.Display;

        /// <summary><c>LstmState(H, C)</c>, as the state-kind message names a layer's state.</summary>
        private static string StateName(RecurrentLayer layer) => layer.KindName + "State(" + layer.StateTensors.Replace(" and ", ", ") + ")";

        private static int FirstIndex(IReadOnlyList<LayerSpec> layers, System.Func<LayerSpec, bool> match)
        {
            for (int i = 0; i < layers.Count; i++)
            {
                if (match(layers[i])) return i;
            }
            return -1;
        }

        private static int LastIndex(IReadOnlyList<LayerSpec> layers, System.Func<LayerSpec, bool> match)
        {
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                if (match(layers[i])) return i;
            }
            return -1;
        }

        private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
