using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;

namespace Rnn.Generators.Tests.Oracle
{
    /// <summary>One random layer stack: an input of [batch, Timesteps, Features] and its layers in order.</summary>
    internal sealed record RandomStack(int Index, int Timesteps, int Features, IReadOnlyList<LayerSpec> Layers)
    {
        /// <summary>The C# type the full-generator run declares for this stack.</summary>
        public string TypeName => "Stack" + Index.ToString("D4", CultureInfo.InvariantCulture);

        public ModelSpec ToSpec() => new(TypeName, new InputSpec(Timesteps, Features), Layers.ToEquatableArray());

        /// <summary>The stack as a user declares it, for the generator through <see cref="Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver"/>.</summary>
        public string ToSource()
        {
            var source = new StringBuilder();
            source.AppendLine("using Rnn;");
            source.AppendLine();
            source.AppendLine("namespace Oracle;");
            source.AppendLine();
            source.AppendLine("/// <summary>A random stack.</summary>");
            source.AppendLine(FormattableString.Invariant($"[Input({Timesteps}, {Features})]"));
            foreach (var layer in Layers)
                source.AppendLine("[" + Attribute(layer) + "]");
            source.AppendLine("public partial class " + TypeName + " { }");
            return source.ToString();
        }

        /// <summary>Readable: <c>Input(3, 4) → SimpleRnn(5, Relu, sequences) → Dense(2, Softmax)</c>.</summary>
        public override string ToString() =>
            "#" + Index.ToString(CultureInfo.InvariantCulture) + " "
            + string.Join(" → ", new[] { FormattableString.Invariant($"Input({Timesteps}, {Features})") }.Concat(Layers.Select(Describe)));

        private static string Describe(LayerSpec layer)
        {
            var (units, activation, sequences) = Parts(layer);
            var parts = new List<string> { units.ToString(CultureInfo.InvariantCulture) };
            if (activation is Activation a) parts.Add(ActivationName(a));
            if (sequences) parts.Add("sequences");
            return layer.TypeName + "(" + string.Join(", ", parts) + ")";
        }

        private static string Attribute(LayerSpec layer)
        {
            var (units, activation, sequences) = Parts(layer);
            var arguments = new List<string> { units.ToString(CultureInfo.InvariantCulture) };
            if (activation is Activation a) arguments.Add(ActivationSource(a));
            if (sequences) arguments.Add("ReturnSequences = true");
            return layer.TypeName + "(" + string.Join(", ", arguments) + ")";
        }

        private static (int Units, Activation? Activation, bool Sequences) Parts(LayerSpec layer) => layer switch
        {
            SimpleRnnLayer l => (l.Units, l.Activation, l.ReturnSequences),
            RecurrentLayer l => (l.Units, null, l.ReturnSequences),
            DenseLayer l => (l.Units, l.Activation, false),
            _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, "Not a kind the oracle draws."),
        };

        private static string ActivationName(Activation activation) =>
            Enum.IsDefined(typeof(Activation), activation) ? activation.ToString() : "(Activation)" + ((int)activation).ToString(CultureInfo.InvariantCulture);

        private static string ActivationSource(Activation activation) =>
            Enum.IsDefined(typeof(Activation), activation) ? "Activation." + activation : "(Activation)(" + ((int)activation).ToString(CultureInfo.InvariantCulture) + ")";

        /// <summary>
        /// A random stack of 1–5 layers: small sizes with an occasional zero or negative, random kinds, ReturnSequences
        /// and activations, sometimes an activation outside the enum. Tuned for roughly half valid stacks.
        /// </summary>
        public static RandomStack Next(Random random, int index)
        {
            int timesteps = Size(random, 1, 6);
            int features = Size(random, 1, 6);
            int count = random.Next(1, 6);
            var layers = new List<LayerSpec>(count);
            for (int i = 0; i < count; i++)
            {
                int kind = random.Next(4);
                int units = Size(random, 1, 8);
                // Stacked recurrent layers need sequences, so lean towards them; a flat output into a recurrent layer is the commonest mistake.
                bool sequences = kind != 3 && random.NextDouble() < 0.6;
                layers.Add(kind switch
                {
                    0 => new SimpleRnnLayer(units,
                        random.NextDouble() < 0.8 ? (random.Next(2) == 0 ? Activation.Tanh : Activation.Relu) : AnyActivation(random), sequences),
                    1 => new LstmLayer(units, sequences),
                    2 => new GruLayer(units, sequences),
                    _ => new DenseLayer(units, AnyActivation(random)),
                });
            }
            return new RandomStack(index, timesteps, features, layers);
        }

        /// <summary>
        /// Mostly in [min, max]; about one in 30 is 0 and one in 80 is -1 (rarer: TorchSharp's exceptions cost ~0.1 s each).
        /// </summary>
        private static int Size(Random random, int min, int max) =>
            random.Next(240) switch { < 8 => 0, < 11 => -1, _ => random.Next(min, max + 1) };

        /// <summary>Any enum member, or (rarely) a value that is not one.</summary>
        private static Activation AnyActivation(Random random) =>
            random.Next(40) == 0 ? (Activation)(random.Next(2) == 0 ? -1 : 7) : (Activation)random.Next(5);
    }
}
