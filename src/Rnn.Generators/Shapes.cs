using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    /// <summary>A tensor shape with an unknown batch: [None, Timesteps, Features], or [None, Features] when <see cref="Timesteps"/> is null.</summary>
    internal sealed record TensorShape(int? Timesteps, int Features)
    {
        public bool IsSequence => Timesteps is not null;

        /// <summary>The dimensions after the batch.</summary>
        public IEnumerable<int> Dimensions => Timesteps is int t ? new[] { t, Features } : new[] { Features };

        /// <summary>Keras notation, <c>(None, 28, 10)</c>, as the runtime's Shape prints it.</summary>
        public string ToKeras() => "(" + Join("None") + ")";

        /// <summary>Message notation, <c>[None, 28, 10]</c>.</summary>
        public string ToBrackets() => "[" + Join("None") + "]";

        /// <summary>Documentation notation, <c>[batch, 28, 10]</c>.</summary>
        public string ToBatch() => "[" + Join("batch") + "]";

        private string Join(string batch) =>
            string.Join(", ", new[] { batch }.Concat(Dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture))));
    }

    /// <summary>One analysed layer: Keras-like name, kind, input features, output shape and trainable parameters.</summary>
    internal sealed record LayerShape(string Name, LayerKind Kind, int InputFeatures, TensorShape Output, long ParameterCount);

    /// <summary>What can be wrong with a model's shapes and sizes.</summary>
    internal enum ShapeProblemKind
    {
        /// <summary>[Input] timesteps ≤ 0. Layer = -1.</summary>
        NonPositiveTimesteps,
        /// <summary>[Input] features ≤ 0. Layer = -1.</summary>
        NonPositiveFeatures,
        /// <summary>A layer's units ≤ 0.</summary>
        NonPositiveUnits,
        /// <summary>SimpleRnn with an activation other than Tanh or Relu.</summary>
        UnsupportedActivation,
        /// <summary>An activation value that is not a member of the enum.</summary>
        UndefinedActivation,
        /// <summary>Layer (the producer) returns [None, f] but Related (a recurrent layer) needs a sequence.</summary>
        NeedsSequence,
        /// <summary>[Input] and no layers. Layer = -1.</summary>
        NoLayers,
        /// <summary>The final output is still a sequence (information). Layer = the cause, Related = the last layer.</summary>
        OutputIsSequence,
        /// <summary>A parameter count does not fit in a long.</summary>
        TooManyParameters,
    }

    /// <summary>
    /// One problem, pointing at a layer index (-1 for the input) and optionally a related layer; <see cref="Arguments"/>
    /// are the message arguments of the matching descriptor.
    /// </summary>
    internal sealed record ShapeProblem(ShapeProblemKind Kind, int Layer, int Related, EquatableArray<string> Arguments)
    {
        /// <summary>All kinds are errors except <see cref="ShapeProblemKind.OutputIsSequence"/>.</summary>
        public bool IsError => Kind != ShapeProblemKind.OutputIsSequence;
    }

    /// <summary>The result of <see cref="Shapes.Analyze"/>.</summary>
    internal sealed record ShapeAnalysis(TensorShape Input, EquatableArray<LayerShape> Layers, EquatableArray<ShapeProblem> Problems)
    {
        public bool HasErrors => Problems.Any(p => p.IsError);

        public TensorShape Output => Layers.Count == 0 ? Input : Layers[Layers.Count - 1].Output;

        public long TotalParameters
        {
            get
            {
                decimal total = Layers.Sum(l => (decimal)l.ParameterCount);
                return total > long.MaxValue ? long.MaxValue : (long)total;
            }
        }
    }

    /// <summary>
    /// The single source of truth for shapes, names and parameter counts: a pure function of a <see cref="ModelSpec"/>.
    /// Never throws.
    /// </summary>
    internal static class Shapes
    {
        private const string Arrow = " → ";

        public static ShapeAnalysis Analyze(ModelSpec spec)
        {
            var problems = new List<ShapeProblem>();
            var input = new TensorShape(spec.Input.Timesteps, spec.Input.Features);
            string inputDisplay = "Input(" + Invariant(spec.Input.Timesteps) + ", " + Invariant(spec.Input.Features) + ")";

            if (spec.Input.Timesteps <= 0)
                problems.Add(Problem(ShapeProblemKind.NonPositiveTimesteps, -1, -1, "timesteps", inputDisplay, Invariant(spec.Input.Timesteps)));
            if (spec.Input.Features <= 0)
                problems.Add(Problem(ShapeProblemKind.NonPositiveFeatures, -1, -1, "features", inputDisplay, Invariant(spec.Input.Features)));
            if (spec.Layers.Count == 0)
                problems.Add(Problem(ShapeProblemKind.NoLayers, -1, -1, spec.Name, input.ToBrackets()));

            var names = LayerNames(spec.Layers);
            var layers = new List<LayerShape>(spec.Layers.Count);
            var current = input;
            bool sizesValid = problems.Count == 0;
            bool flowValid = true;
            for (int i = 0; i < spec.Layers.Count; i++)
            {
                var layer = spec.Layers[i];
                if (layer.Units <= 0)
                {
                    problems.Add(Problem(ShapeProblemKind.NonPositiveUnits, i, -1, "units", layer.Display, Invariant(layer.Units)));
                    sizesValid = false;
                }

                if (!Enum.IsDefined(typeof(Activation), layer.Activation))
                    problems.Add(Problem(ShapeProblemKind.UndefinedActivation, i, -1, "(Activation)" + Invariant((int)layer.Activation)));
                else if (layer.Kind == LayerKind.SimpleRnn && layer.Activation != Activation.Tanh && layer.Activation != Activation.Relu)
                    problems.Add(Problem(ShapeProblemKind.UnsupportedActivation, i, -1, layer.Activation.ToString()));

                if (layer.IsRecurrent && !current.IsSequence && flowValid && i > 0)
                {
                    problems.Add(Problem(ShapeProblemKind.NeedsSequence, i - 1, i,
                        Flow(spec, layers, i - 1), layer.Display, SequenceFix(spec, i - 1)));
                    flowValid = false; // one mismatch is enough: the rest of the flow would only repeat it
                }

                int inputFeatures = current.Features;
                var output = layer.IsRecurrent
                    ? new TensorShape(layer.ReturnSequences ? current.Timesteps ?? 1 : null, layer.Units)
                    : new TensorShape(current.Timesteps, layer.Units);
                decimal count = ParameterCount(layer.Kind, inputFeatures, layer.Units);
                if (count > long.MaxValue)
                {
                    problems.Add(Problem(ShapeProblemKind.TooManyParameters, i, -1, layer.Display, count.ToString("N0", CultureInfo.InvariantCulture)));
                    count = long.MaxValue;
                }
                layers.Add(new LayerShape(names[i], layer.Kind, inputFeatures, output, (long)count));
                current = output;
            }

            if (sizesValid && flowValid && layers.Count > 0 && current.IsSequence)
            {
                int cause = LastIndex(spec.Layers, l => l.IsRecurrent && l.ReturnSequences);
                string fix = cause >= 0
                    ? "set ReturnSequences = false on " + spec.Layers[cause].Display + " for one output per sequence"
                    : "add a recurrent layer, such as Lstm, for one output per sequence";
                problems.Add(Problem(ShapeProblemKind.OutputIsSequence, cause >= 0 ? cause : layers.Count - 1, layers.Count - 1,
                    spec.Name, current.ToBrackets(), Flow(spec, layers, layers.Count - 1), fix));
            }

            if (!sizesValid)
            {
                // Shape-flow findings computed from non-positive sizes would be noise; keep only the size problems.
                problems.RemoveAll(p => p.Kind is ShapeProblemKind.NeedsSequence or ShapeProblemKind.TooManyParameters);
            }

            return new ShapeAnalysis(input, layers.ToEquatableArray(), problems.ToEquatableArray());
        }

        /// <summary>
        /// Trainable parameters as TorchSharp stores them (two bias vectors per recurrent layer):
        /// gates × (u·(f+u) + 2u) for SimpleRnn (1 gate), Gru (3), Lstm (4); f·u + u for Dense.
        /// </summary>
        public static decimal ParameterCount(LayerKind kind, long inputFeatures, long units)
        {
            decimal f = inputFeatures, u = units;
            decimal recurrent = u * (f + u) + 2 * u;
            return kind switch
            {
                LayerKind.SimpleRnn => recurrent,
                LayerKind.Gru => 3 * recurrent,
                LayerKind.Lstm => 4 * recurrent,
                _ => f * u + u,
            };
        }

        /// <summary>Keras-like snake_case names with a counter per kind: simple_rnn, simple_rnn_1, lstm, gru, dense, dense_1.</summary>
        public static string[] LayerNames(IReadOnlyList<LayerSpec> layers)
        {
            var counters = new Dictionary<LayerKind, int>();
            var names = new string[layers.Count];
            for (int i = 0; i < layers.Count; i++)
            {
                var kind = layers[i].Kind;
                counters.TryGetValue(kind, out int n);
                counters[kind] = n + 1;
                string baseName = BaseName(kind);
                names[i] = n == 0 ? baseName : baseName + "_" + Invariant(n);
            }
            return names;
        }

        public static string BaseName(LayerKind kind) => kind switch
        {
            LayerKind.SimpleRnn => "simple_rnn",
            LayerKind.Lstm => "lstm",
            LayerKind.Gru => "gru",
            _ => "dense",
        };

        /// <summary>The shape flow from the input to layer <paramref name="last"/>: <c>[None, 28, 28] → SimpleRnn(64) → [None, 64]</c>.</summary>
        private static string Flow(ModelSpec spec, List<LayerShape> layers, int last)
        {
            var parts = new List<string> { new TensorShape(spec.Input.Timesteps, spec.Input.Features).ToBrackets() };
            for (int i = 0; i <= last && i < layers.Count; i++)
            {
                parts.Add(spec.Layers[i].Display);
                parts.Add(layers[i].Output.ToBrackets());
            }
            return string.Join(Arrow, parts);
        }

        private static string SequenceFix(ModelSpec spec, int producer)
        {
            var layer = spec.Layers[producer];
            if (layer.IsRecurrent) return "set ReturnSequences = true on " + layer.Display;
            int recurrent = LastIndex(spec.Layers.Take(producer).ToList(), l => l.IsRecurrent);
            return recurrent >= 0
                ? "set ReturnSequences = true on " + spec.Layers[recurrent].Display + " so that " + layer.Display + " returns a sequence"
                : "give " + layer.Display + " a sequence input";
        }

        private static int LastIndex(IReadOnlyList<LayerSpec> layers, Func<LayerSpec, bool> predicate)
        {
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                if (predicate(layers[i])) return i;
            }
            return -1;
        }

        private static ShapeProblem Problem(ShapeProblemKind kind, int layer, int related, params string[] arguments) =>
            new ShapeProblem(kind, layer, related, new EquatableArray<string>(arguments));

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
