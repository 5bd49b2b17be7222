using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// What a layer's shape rule sees of the model while <see cref="Shapes.Analyze"/> walks it: the model, the layers
    /// before it, and where to report problems. Problems point at a layer (or the input, -1) and an argument by name;
    /// the generator turns them into located diagnostics.
    /// </summary>
    internal sealed class ShapeContext
    {
        private const string Arrow = " → ";
        private readonly List<(ShapeProblem Problem, bool IsFlow)> _problems = new List<(ShapeProblem, bool)>();

        public ShapeContext(ModelSpec model, IReadOnlyList<LayerShape> layers, TensorShape? memory = null)
        {
            Model = model;
            Layers = layers;
            Memory = memory;
        }

        public ModelSpec Model { get; }

        /// <summary>
        /// The sequence the model's attention layers attend over when a model kind gives them one (a decoder attends over
        /// its encoder's output); null in a plain stack, where each attends over its own input.
        /// </summary>
        public TensorShape? Memory { get; }

        /// <summary>The layers analysed so far.</summary>
        public IReadOnlyList<LayerShape> Layers { get; }

        /// <summary>The index of the layer being analysed (-1 for the input).</summary>
        public int Index { get; set; } = -1;

        /// <summary>The layer whose mask reaches the current layer (Masking, Embedding with MaskZero), or null.</summary>
        public int? MaskSource { get; set; }

        /// <summary>False once a size was not positive: findings about the shape flow would then be noise.</summary>
        public bool SizesValid { get; private set; } = true;

        /// <summary>False after the first shape-flow error: the rest of the flow would only repeat it.</summary>
        public bool FlowValid { get; private set; } = true;

        /// <summary>A size argument of the current layer that is not positive.</summary>
        public void NonPositive(string argument, string display, long value)
        {
            SizesValid = false;
            Report(DiagnosticDescriptors.NonPositiveSize, argument, argument, display, value.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>A problem with the current layer's configuration, on <paramref name="argument"/> (or the attribute when null or not written).</summary>
        public void Report(DiagnosticDescriptor descriptor, string? argument, params string[] arguments) =>
            _problems.Add((ShapeProblem.Create(descriptor, Index, argument, null, null, arguments), false));

        /// <summary>
        /// A shape-flow problem on <paramref name="layer"/> with <paramref name="related"/> as the additional location; an
        /// error is kept only while the flow is still valid, and ends it.
        /// </summary>
        public void ReportFlow(DiagnosticDescriptor descriptor, int layer, string? argument, int? related, int? returnSequencesOn, params string[] arguments)
        {
            bool error = descriptor.DefaultSeverity == DiagnosticSeverity.Error;
            if (error && !FlowValid) return;
            if (error) FlowValid = false;
            _problems.Add((ShapeProblem.Create(descriptor, layer, argument, related, returnSequencesOn, arguments), true));
        }

        /// <summary>
        /// A problem that is not about the flow itself but only makes sense when sizes are valid (too many parameters).
        /// </summary>
        public void ReportSizeDependent(DiagnosticDescriptor descriptor, string? argument, params string[] arguments) =>
            _problems.Add((ShapeProblem.Create(descriptor, Index, argument, null, null, arguments), true));

        /// <summary>RNN0023 (warning) when a mask reaches the current layer, which drops it.</summary>
        public void ReportMaskIgnored(string fix)
        {
            if (MaskSource is not int source) return;
            ReportFlow(DiagnosticDescriptors.MaskIgnored, Index, null, source, null, Model.Layers[Index].Display, Model.Layers[source].Display, fix);
        }

        /// <summary>
        /// The one "needs a sequence" check: true when the current layer gets [None, time, features] or token ids (those
        /// are RNN0017's). Anything else is reported with the shape flow up to the layer before and how to make that layer
        /// return a sequence, on the layer before (where the fix goes; the layer to set ReturnSequences on is also given
        /// to the code fix) with this one as the related location: as RNN0001 for a recurrent layer, RNN0019 for any other.
        /// </summary>
        public bool RequireSequence(TensorShape input)
        {
            if (input.IsSequence || input.IsTokens) return true;
            var layer = Model.Layers[Index];
            int producer = Index - 1;
            if (producer < 0)
            {
                // Only a malformed input gets here: the declared input is always a sequence or token ids.
                ReportFlow(DiagnosticDescriptors.LayerNeedsSequence, Index, null, null, null, Flow(producer), layer.Display, "give it a sequence input");
                return false;
            }
            var (fix, target) = SequenceFix(producer);
            var descriptor = layer.IsRecurrent ? DiagnosticDescriptors.NeedsSequence : DiagnosticDescriptors.LayerNeedsSequence;
            ReportFlow(descriptor, producer, null, Index, target, Flow(producer), layer.Display, fix);
            return false;
        }

        /// <summary>RNN0002 for each of <paramref name="sizes"/> that is not positive.</summary>
        public void RequirePositive(string display, params (string Argument, long Value)[] sizes)
        {
            foreach (var (argument, value) in sizes)
            {
                if (value <= 0) NonPositive(argument, display, value);
            }
        }

        /// <summary>RNN0020 when a dropout rate is outside [0, 1).</summary>
        public void RequireRate(string display, string argument, double rate)
        {
            if (rate >= 0 && rate < 1) return;
            Report(DiagnosticDescriptors.DropoutOutOfRange, argument, display, argument, rate.ToString("R", CultureInfo.InvariantCulture));
        }

        /// <summary>The problems in the order found; flow problems only when every size was valid.</summary>
        public EquatableArray<ShapeProblem> Problems()
        {
            var kept = new List<ShapeProblem>();
            foreach (var (problem, isFlow) in _problems)
            {
                if (!isFlow || SizesValid) kept.Add(problem);
            }
            return kept.ToEquatableArray();
        }

        /// <summary>The shape flow from the input to layer <paramref name="last"/>: <c>[None, 28, 28] → SimpleRnn(64) → [None, 64]</c>.</summary>
        public string Flow(int last)
        {
            var parts = new List<string> { Shapes.InputShape(Model.Input).ToBrackets() };
            for (int i = 0; i <= last && i < Layers.Count; i++)
            {
                parts.Add(Model.Layers[i].Display);
                parts.Add(Layers[i].Output.ToBrackets());
            }
            return string.Join(Arrow, parts);
        }

        /// <summary>
        /// How to make layer <paramref name="producer"/> return a sequence, and the layer to set <c>ReturnSequences</c> on
        /// (null when none would).
        /// </summary>
        private (string Fix, int? Target) SequenceFix(int producer)
        {
            var layer = Model.Layers[producer];
            if (layer.CanReturnSequences) return ("set ReturnSequences = true on " + layer.Display, producer);
            // Through per-step layers (Dense, Dropout, ...) back to a recurrent layer, whose sequence they would keep.
            for (int i = producer - 1; i >= 0 && Model.Layers[i + 1].IsPerStep; i--)
            {
                if (Model.Layers[i].CanReturnSequences)
                    return ("set ReturnSequences = true on " + Model.Layers[i].Display + " so that " + layer.Display + " returns a sequence", i);
            }
            return ("give " + layer.Display + " a sequence input", null);
        }
    }
}
