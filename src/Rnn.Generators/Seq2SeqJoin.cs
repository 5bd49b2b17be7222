using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    /// <summary>
    /// The compile-time checks of a <c>[Seq2Seq(typeof(Encoder), typeof(Decoder))]</c> join, pure and location-free: each
    /// part is a declared model with a recurrent layer, the decoder is a language model (its attention layers, which attend
    /// over the encoder's output, count as running one step at a time), the encoder's last recurrent layer's final state
    /// fits the decoder's first recurrent layer (its kind, and its units after a bidirectional encoder's two directions
    /// become one), and the decoder's attention layers get the encoder's output sequence, of their queries' width. A part
    /// with errors of its own is left to its own diagnostics.
    /// </summary>
    internal static class Seq2SeqJoin
    {
        /// <summary>
        /// The join's problems in a fixed order, and the parts' parameters together (null unless both parts are valid
        /// models), from the parts' own analyses (<paramref name="encoderAnalysis"/>, <paramref name="decoderAnalysis"/>:
        /// null for a part that is no model).
        /// </summary>
        public static (EquatableArray<Seq2SeqProblem> Problems, long? ParameterCount) Check(Seq2SeqDeclaration declaration,
            ModelAnalysis? encoderAnalysis, ModelAnalysis? decoderAnalysis)
        {
            var problems = new List<Seq2SeqProblem>();
            if (declaration.Encoder is not { } encoder || declaration.Decoder is not { } decoder) return (problems.ToEquatableArray(), null);
            foreach (var part in new[] { encoder, decoder })
            {
                if (part.NotAModel is { } reason)
                    problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqPartNotAModel, part.Role, NoSites,
                        part.Argument, declaration.Name, part.Display, reason));
            }
            // A part that does not generate its own class is left to its own diagnostics; one that does has its shapes.
            if (encoderAnalysis is not { Emit: true, Shapes: { } encoderShapes, Declaration.Spec: { } encoderSpec }
                || decoderAnalysis is not { Emit: true, Shapes: { } decoderShapes, LanguageModel: { } languageModel, Declaration.Spec: { } decoderSpec })
                return (problems.ToEquatableArray(), null);

            CheckLanguageModel(declaration, decoder, languageModel, problems);
            int last = LastIndex(encoderSpec.Layers, l => l is RecurrentLayer);
            int first = FirstIndex(decoderSpec.Layers, l => l is RecurrentLayer);
            if (last < 0)
                problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqPartWithoutRecurrentLayer, Seq2SeqRole.Encoder, NoSites,
                    encoder.Argument, declaration.Name, encoder.Display, "its last recurrent layer's final state starts the decoder"));
            if (first < 0)
                problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqPartWithoutRecurrentLayer, Seq2SeqRole.Decoder, NoSites,
                    decoder.Argument, declaration.Name, decoder.Display, "the encoder's final state starts its first recurrent layer"));
            if (last >= 0 && first >= 0)
                CheckState(encoder, (RecurrentLayer)encoderSpec.Layers[last], last, decoder, (RecurrentLayer)decoderSpec.Layers[first], first, problems);
            CheckAttention(encoder, encoderSpec, encoderShapes, last, decoder, decoderSpec, problems);
            return (problems.ToEquatableArray(), ParameterCount(declaration, encoderShapes, decoderShapes, problems));
        }

        /// <summary>
        /// The decoder's attention layers attend over the encoder's output: it must be a sequence (RNN0037, on
        /// <c>typeof(Encoder)</c>, with its last recurrent layer, where ReturnSequences = true goes, and the attention layer),
        /// of the width of their queries (RNN0029, the decoder's shape analysis over that memory, on <c>typeof(Decoder)</c>
        /// with the attention layer and the encoder's last layer).
        /// </summary>
        private static void CheckAttention(Seq2SeqPart encoder, ModelSpec encoderSpec, ShapeAnalysis encoderShapes, int last,
            Seq2SeqPart decoder, ModelSpec decoderSpec, List<Seq2SeqProblem> problems)
        {
            int attention = FirstIndex(decoderSpec.Layers, l => l is AttendingLayer);
            if (attention < 0 || last < 0) return;
            var memory = encoderShapes.Output;
            if (!memory.IsSequence)
            {
                bool perStepAfter = Enumerable.Range(last + 1, encoderSpec.Layers.Count - last - 1).All(i => encoderSpec.Layers[i].IsPerStep);
                var recurrent = encoderSpec.Layers[last];
                string fix = perStepAfter
                    ? "set ReturnSequences = true on " + recurrent.Display
                    : "end the encoder in a sequence: remove the layers after " + recurrent.Display + " that drop the time axis, and set its ReturnSequences = true";
                var flow = new ShapeContext(encoderSpec, encoderShapes.Layers).Flow(encoderSpec.Layers.Count - 1);
                problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqAttentionWithoutSequence, Seq2SeqRole.Encoder,
                    new[] { new Seq2SeqSite(Seq2SeqRole.Encoder, last), new Seq2SeqSite(Seq2SeqRole.Decoder, attention) },
                    flow, decoderSpec.Layers[attention].Display, decoder.Display, fix));
                return;
            }
            foreach (var problem in Shapes.Analyze(decoderSpec, memory).Problems.Where(p => p.Id == DiagnosticIds.AttentionWidthMismatch))
                problems.Add(new Seq2SeqProblem(problem.Id, problem.IsError, Seq2SeqRole.Decoder,
                    new[] { new Seq2SeqSite(Seq2SeqRole.Decoder, problem.Layer), new Seq2SeqSite(Seq2SeqRole.Encoder, encoderSpec.Layers.Count - 1) }.ToEquatableArray(),
                    problem.Arguments));
        }

        /// <summary>RNN0035: the decoder is no language model, as the rule found it in the decoder's analysis.</summary>
        private static void CheckLanguageModel(Seq2SeqDeclaration declaration, Seq2SeqPart decoder, LanguageModelFit languageModel, List<Seq2SeqProblem> problems)
        {
            if (languageModel.WhyNotADecoder is not { } fault) return;
            problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqDecoderNotLanguageModel, Seq2SeqRole.Decoder,
                new[] { new Seq2SeqSite(Seq2SeqRole.Decoder, fault.Layer) }, decoder.Display, declaration.Name, fault.Reason));
        }

        /// <summary>
        /// The encoder's last recurrent layer <paramref name="last"/> against the decoder's first <paramref name="first"/>:
        /// the same kind (RNN0032), a merge mode that makes one state of a bidirectional layer's two (RNN0034), and as many
        /// units (RNN0033); on the <c>typeof</c> of the part to change, with both layers as additional locations. A
        /// bidirectional decoder layer is the language-model check's (RNN0035).
        /// </summary>
        private static void CheckState(Seq2SeqPart encoder, RecurrentLayer last, int lastIndex, Seq2SeqPart decoder, RecurrentLayer first, int firstIndex,
            List<Seq2SeqProblem> problems)
        {
            var layers = new[] { new Seq2SeqSite(Seq2SeqRole.Encoder, lastIndex), new Seq2SeqSite(Seq2SeqRole.Decoder, firstIndex) };
            if (last.KindName != first.KindName)
            {
                problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqStateKind, Seq2SeqRole.Decoder, layers,
                    Name(last), encoder.Display, Name(first), decoder.Display, StateName(last), StateName(first)));
                return;
            }
            if (last.Bidirectional && last.MergeMode is not (MergeMode.Concat or MergeMode.Sum))
            {
                problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqMergeMode, Seq2SeqRole.Encoder, layers,
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
            problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.Seq2SeqStateUnits, Seq2SeqRole.Decoder, layers,
                Name(last), encoder.Display, Int(units), merged, first.Display, decoder.Display, Int(first.Units), fix));
        }

        /// <summary>The two parts' parameters together; RNN0015 on the attribute when the sum does not fit in a long.</summary>
        private static long? ParameterCount(Seq2SeqDeclaration declaration, ShapeAnalysis encoder, ShapeAnalysis decoder, List<Seq2SeqProblem> problems)
        {
            if (encoder.TotalParameters is not long e || decoder.TotalParameters is not long d) return null;
            decimal total = (decimal)e + d;
            if (total <= long.MaxValue) return (long)total;
            problems.Add(Seq2SeqProblem.Create(DiagnosticDescriptors.TooManyParameters, Seq2SeqRole.Decoder, NoSites,
                "'" + declaration.Name + "' (its encoder and decoder together)", total.ToString("N0", CultureInfo.InvariantCulture)));
            return null;
        }

        private static readonly Seq2SeqSite[] NoSites = new Seq2SeqSite[0];

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
