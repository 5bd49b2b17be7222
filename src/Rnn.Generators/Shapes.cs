using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    /// <summary>One analysed layer: Keras-like name, type, input and output shapes, and trainable parameters.</summary>
    internal sealed record LayerShape(string Name, string Kind, TensorShape Input, TensorShape Output, long ParameterCount)
    {
        /// <summary>The last axis of the layer's input.</summary>
        public int InputFeatures => Input.Features;
    }

    /// <summary>
    /// One problem: a diagnostic ID, the layer it points at (-1 for the input) and the argument there (null: the whole
    /// attribute), an optional related layer (the additional location), the layer on which <c>ReturnSequences = true</c>
    /// would fix it, and the message arguments. No Roslyn types.
    /// </summary>
    internal sealed record ShapeProblem(string Id, bool IsError, int Layer, string? Argument, int? Related, int? ReturnSequencesOn, EquatableArray<string> Arguments)
    {
        public static ShapeProblem Create(DiagnosticDescriptor descriptor, int layer, string? argument, int? related, int? returnSequencesOn, params string[] arguments) =>
            new ShapeProblem(descriptor.Id, descriptor.DefaultSeverity == DiagnosticSeverity.Error, layer, argument, related, returnSequencesOn,
                new EquatableArray<string>(arguments));
    }

    /// <summary>The result of <see cref="Shapes.Analyze"/>.</summary>
    /// <param name="TotalParameters">The model's trainable parameters, or null when they do not fit in a long (RNN0015 is then reported).</param>
    internal sealed record ShapeAnalysis(TensorShape Input, EquatableArray<LayerShape> Layers, EquatableArray<ShapeProblem> Problems, long? TotalParameters)
    {
        public bool HasErrors => Problems.Any(p => p.IsError);

        public TensorShape Output => Layers.Count == 0 ? Input : Layers[Layers.Count - 1].Output;
    }

    /// <summary>
    /// The single source of truth for shapes, names and parameter counts: a pure walk of a <see cref="ModelSpec"/> through
    /// each layer's own shape rule (<see cref="LayerSpec.Infer"/>). Never throws.
    /// </summary>
    internal static class Shapes
    {
        /// <summary>Analyses <paramref name="spec"/> as a plain stack, or as a decoder whose attention layers attend over <paramref name="memory"/>.</summary>
        /// <param name="spec">The model.</param>
        /// <param name="memory">The sequence the attention layers attend over (an encoder's output, [None, time, features]); null: each its own input.</param>
        public static ShapeAnalysis Analyze(ModelSpec spec, TensorShape? memory = null)
        {
            var layers = new List<LayerShape>(spec.Layers.Count);
            var context = new ShapeContext(spec, layers, memory);
            var input = InputShape(spec.Input);
            CheckInput(context, spec.Input);
            if (spec.Layers.Count == 0)
                context.Report(DiagnosticDescriptors.NoLayers, null, spec.Name, input.ToBrackets());

            var names = LayerNames(spec.Layers);
            var current = input;
            // Exact: each layer's count is below 2^95 (at most three int factors), inside decimal's range (about 2^96),
            // and decimal arithmetic throws rather than wraps. A count that does not fit in a long is reported, never clamped.
            decimal total = 0;
            bool totalFits = true;
            for (int i = 0; i < spec.Layers.Count; i++)
            {
                var layer = spec.Layers[i];
                context.Index = i;
                if (current.IsTokens && !layer.AcceptsTokens) layer.ReportTokenInput(context, current);
                var output = layer.Infer(context, current);
                if (output.Mask == MaskFlow.Creates) context.MaskSource = i;
                else if (output.Mask == MaskFlow.Ends) context.MaskSource = null;
                // Negative only with a size that is not positive, which is reported (RNN0002); never cast out of range.
                decimal count = Math.Max(output.Parameters, 0m);
                // Summed only while the total fits: a running total below 2^63 plus one layer below 2^95 stays inside
                // decimal's range, but a sum of many such layers would not (OverflowException).
                if (totalFits) total += count;
                if (count > long.MaxValue)
                {
                    context.ReportSizeDependent(DiagnosticDescriptors.TooManyParameters, layer.SizeArgument, layer.Display, Format(count));
                    count = long.MaxValue;
                    totalFits = false;
                }
                else if (totalFits && total > long.MaxValue)
                {
                    // Every layer fits, but the model does not: on the layer whose parameters tip the sum over.
                    context.ReportSizeDependent(DiagnosticDescriptors.TooManyParameters, layer.SizeArgument,
                        "The layers of '" + spec.Name + "' up to " + layer.Display, Format(total));
                    totalFits = false;
                }
                layers.Add(new LayerShape(names[i], layer.TypeName, current, output.Shape, (long)count));
                current = output.Shape;
            }

            if (context.SizesValid && context.FlowValid && layers.Count > 0 && current.IsSequence)
                ReportSequenceOutput(context, current);

            return new ShapeAnalysis(input, layers.ToEquatableArray(), context.Problems(), totalFits ? (long)total : null);
        }

        private static string Format(decimal count) => count.ToString("N0", CultureInfo.InvariantCulture);

        /// <summary>
        /// The input's shape: [None, timesteps, features], or int64 token ids [None, timesteps]; <see cref="Dim.Variable"/>
        /// timesteps are unknown (None).
        /// </summary>
        public static TensorShape InputShape(InputSpec input)
        {
            var time = input.Timesteps == Dim.Variable ? Dimension.Unknown : Dimension.Of(input.Timesteps);
            return input.Features is int features ? TensorShape.Sequence(time, features) : TensorShape.Tokens(time);
        }

        /// <summary>Keras-like snake_case names with a counter per base name: simple_rnn, simple_rnn_1, lstm, gru, dense, dense_1.</summary>
        public static string[] LayerNames(IReadOnlyList<LayerSpec> layers)
        {
            var counters = new Dictionary<string, int>();
            var names = new string[layers.Count];
            for (int i = 0; i < layers.Count; i++)
            {
                string baseName = layers[i].BaseName;
                counters.TryGetValue(baseName, out int n);
                counters[baseName] = n + 1;
                names[i] = n == 0 ? baseName : baseName + "_" + n.ToString(CultureInfo.InvariantCulture);
            }
            return names;
        }

        private static void CheckInput(ShapeContext context, InputSpec input)
        {
            context.Index = -1;
            if (input.Timesteps <= 0 && input.Timesteps != Dim.Variable) context.NonPositive("timesteps", input.Display, input.Timesteps);
            if (input.Features is int features && features <= 0) context.NonPositive("features", input.Display, features);
        }

        /// <summary>RNN0011: the model's output is still a sequence (information), on the layer that kept the time axis.</summary>
        private static void ReportSequenceOutput(ShapeContext context, TensorShape output)
        {
            var spec = context.Model;
            int last = spec.Layers.Count - 1;
            int cause = -1;
            for (int i = last; i >= 0 && cause < 0; i--)
            {
                if (spec.Layers[i].ReturnsSequences) cause = i;
            }
            string fix = cause >= 0
                ? "set ReturnSequences = false on " + spec.Layers[cause].Display + " for one output per sequence"
                : "add a recurrent layer, such as Lstm, for one output per sequence";
            int layer = cause >= 0 ? cause : last;
            Debug.Assert(layer >= 0, "a model with layers");
            context.ReportFlow(DiagnosticDescriptors.OutputIsSequence, layer, null, last, null,
                spec.Name, output.ToBrackets(), context.Flow(last), fix);
        }
    }
}
