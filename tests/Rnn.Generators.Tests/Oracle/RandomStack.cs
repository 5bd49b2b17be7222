using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;

namespace Rnn.Generators.Tests.Oracle
{
    /// <summary>
    /// One random layer stack: an input of [batch, Timesteps, Features] (Timesteps <see cref="Dim.Variable"/> for any
    /// length; no Features for int64 token ids) and its layers in order, of every kind.
    /// </summary>
    internal sealed record RandomStack(int Index, int Timesteps, int? Features, IReadOnlyList<LayerSpec> Layers)
    {
        /// <summary>The C# type the full-generator run declares for this stack.</summary>
        public string TypeName => "Stack" + Index.ToString("D5", CultureInfo.InvariantCulture);

        public ModelSpec ToSpec() => new(TypeName, new InputSpec(Timesteps, Features), Layers.ToEquatableArray());

        /// <summary>The stack as a user declares it, for the generator through <see cref="Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver"/>.</summary>
        public string ToSource(string @namespace = "Oracle")
        {
            var source = new StringBuilder();
            source.AppendLine("using Rnn;");
            source.AppendLine();
            source.AppendLine("namespace " + @namespace + ";");
            source.AppendLine();
            source.AppendLine("/// <summary>A random stack.</summary>");
            source.AppendLine("[" + InputAttribute() + "]");
            foreach (var layer in Layers)
                source.AppendLine("[" + Attribute(layer) + "]");
            source.AppendLine("public partial class " + TypeName + " { }");
            return source.ToString();
        }

        /// <summary>Readable: <c>#12 Input(3, 4) → SimpleRnn(5, Relu, ReturnSequences = true) → Dense(2, Activation.Softmax)</c>.</summary>
        public override string ToString() =>
            "#" + Index.ToString(CultureInfo.InvariantCulture) + " " + string.Join(" → ", new[] { InputAttribute() }.Concat(Layers.Select(Attribute)));

        private string InputAttribute()
        {
            string time = Timesteps == Dim.Variable ? "Dim.Variable" : Int(Timesteps);
            return Features is int f ? "Input(" + time + ", " + Int(f) + ")" : "Input(" + time + ")";
        }

        /// <summary>The attribute a user writes for <paramref name="layer"/>: constructor arguments, then the named options that differ from the defaults.</summary>
        private static string Attribute(LayerSpec layer)
        {
            var arguments = new List<string>();
            switch (layer)
            {
                case RecurrentLayer r:
                    arguments.Add(Int(r.Units));
                    if (r is SimpleRnnLayer s) arguments.Add(ActivationSource(s.Activation));
                    if (r.ReturnSequences) arguments.Add("ReturnSequences = true");
                    if (r.Bidirectional) arguments.Add("Bidirectional = true");
                    if (r.MergeModeSet) arguments.Add("MergeMode = MergeMode." + r.MergeMode);
                    if (r.Dropout != 0) arguments.Add("Dropout = " + Double(r.Dropout));
                    return r.KindName + "(" + string.Join(", ", arguments) + ")";
                case DenseLayer d:
                    return "Dense(" + Int(d.Units) + ", " + ActivationSource(d.Activation) + ")";
                case EmbeddingLayer e:
                    return "Embedding(" + Int(e.Vocabulary) + ", " + Int(e.Dimensions) + (e.MaskZero ? ", MaskZero = true" : string.Empty) + ")";
                case MaskingLayer m:
                    return "Masking(" + Double(m.MaskValue) + ")";
                case DropoutLayer d:
                    return "Dropout(" + Double(d.Rate) + ")";
                case Conv1DLayer c:
                    arguments.AddRange(new[] { Int(c.Filters), Int(c.KernelSize), ActivationSource(c.Activation) });
                    if (c.Strides != 1) arguments.Add("Strides = " + Int(c.Strides));
                    if (c.DilationRate != 1) arguments.Add("DilationRate = " + Int(c.DilationRate));
                    if (c.Padding != WindowPadding.Valid) arguments.Add("Padding = WindowPadding." + c.Padding);
                    return "Conv1D(" + string.Join(", ", arguments) + ")";
                case MaxPooling1DLayer p:
                    arguments.Add(Int(p.PoolSize));
                    if (p.Strides != p.PoolSize) arguments.Add("Strides = " + Int(p.Strides));
                    if (p.Padding != WindowPadding.Valid) arguments.Add("Padding = WindowPadding." + p.Padding);
                    return "MaxPooling1D(" + string.Join(", ", arguments) + ")";
                case AttendingLayer a:
                    if (a.UseScale != (a is AdditiveAttentionLayer)) arguments.Add("UseScale = " + (a.UseScale ? "true" : "false"));
                    if (a.Causal) arguments.Add("Causal = true");
                    if (a.Dropout != 0) arguments.Add("Dropout = " + Double(a.Dropout));
                    return a.TypeName + (arguments.Count > 0 ? "(" + string.Join(", ", arguments) + ")" : string.Empty);
                default:
                    return layer.TypeName; // GlobalAveragePooling1D, GlobalMaxPooling1D, LayerNormalization: no arguments
            }
        }

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static string ActivationSource(Activation activation) =>
            Enum.IsDefined(typeof(Activation), activation) ? "Activation." + activation : "(Activation)(" + ((int)activation).ToString(CultureInfo.InvariantCulture) + ")";

        /// <summary>
        /// A random stack of 1–5 layers of every kind, from float (fixed or variable length) or token inputs: small sizes
        /// with an occasional zero or negative, random options, sometimes a rate or option out of range. Tuned for
        /// roughly half valid stacks.
        /// </summary>
        public static RandomStack Next(Random random, int index)
        {
            bool tokens = random.Next(5) == 0;
            int timesteps = random.Next(4) == 0 ? Dim.Variable : Size(random, 1, 9);
            int? features = tokens ? null : Size(random, 1, 6);
            int count = random.Next(1, 6);
            var layers = new List<LayerSpec>(count);
            for (int i = 0; i < count; i++)
            {
                // A token input is nearly always followed by an Embedding; elsewhere an Embedding is rare (and wrong).
                bool embedding = i == 0 && tokens ? random.Next(10) != 0 : random.Next(40) == 0;
                layers.Add(embedding ? new EmbeddingLayer(Size(random, 1, 20), Size(random, 1, 6), random.Next(2) == 0) : Layer(random));
            }
            return new RandomStack(index, timesteps, features, layers);
        }

        private static LayerSpec Layer(Random random)
        {
            int roll = random.Next(100);
            if (roll < 36) return Recurrent(random);
            if (roll < 50) return new DenseLayer(Size(random, 1, 8), AnyActivation(random));
            if (roll < 54) return new MaskingLayer(random.Next(3) == 0 ? 0.5 : 0);
            if (roll < 60) return new DropoutLayer(Rate(random));
            if (roll < 73)
            {
                return new Conv1DLayer(Size(random, 1, 6), Size(random, 1, 4), AnyActivation(random), Size(random, 1, 2), Size(random, 1, 2),
                    (WindowPadding)random.Next(3));
            }
            if (roll < 81)
            {
                int pool = Size(random, 1, 3);
                return new MaxPooling1DLayer(pool, random.Next(3) == 0 ? Size(random, 1, 2) : pool, random.Next(12) == 0 ? WindowPadding.Causal : (WindowPadding)random.Next(2));
            }
            if (roll < 86) return new GlobalAveragePooling1DLayer();
            if (roll < 91) return new GlobalMaxPooling1DLayer();
            if (roll < 95) return new LayerNormalizationLayer();
            return Attending(random);
        }

        /// <summary>Attention or AdditiveAttention with random options, the Dropout of the weights now and then out of range.</summary>
        private static LayerSpec Attending(Random random)
        {
            bool useScale = random.Next(2) == 0, causal = random.Next(3) == 0;
            double dropout = random.Next(4) == 0 ? Rate(random) : 0;
            return random.Next(2) == 0 ? new AttentionLayer(useScale, causal, dropout) : new AdditiveAttentionLayer(useScale, causal, dropout);
        }

        private static LayerSpec Recurrent(Random random)
        {
            int units = Size(random, 1, 8);
            // Stacked recurrent layers need sequences, so lean towards them; a flat output into a recurrent layer is the commonest mistake.
            bool sequences = random.NextDouble() < 0.6;
            bool bidirectional = random.Next(3) == 0;
            bool mergeModeSet = bidirectional ? random.Next(2) == 0 : random.Next(25) == 0;
            var mergeMode = mergeModeSet ? (MergeMode)random.Next(4) : MergeMode.Concat;
            double dropout = random.Next(4) == 0 ? Rate(random) : 0;
            return random.Next(3) switch
            {
                0 => new SimpleRnnLayer(units,
                    random.NextDouble() < 0.8 ? (random.Next(2) == 0 ? Activation.Tanh : Activation.Relu) : AnyActivation(random),
                    sequences, bidirectional, mergeMode, mergeModeSet, dropout),
                1 => new LstmLayer(units, sequences, bidirectional, mergeMode, mergeModeSet, dropout),
                _ => new GruLayer(units, sequences, bidirectional, mergeMode, mergeModeSet, dropout),
            };
        }

        /// <summary>Mostly in [0, 0.6); rarely 1 or negative.</summary>
        private static double Rate(Random random) =>
            random.Next(30) switch { 0 => 1.0, 1 => -0.25, _ => Math.Round(random.NextDouble() * 0.6, 2) };

        /// <summary>
        /// Mostly in [min, max]; about one in 30 is 0 and one in 80 is -2 (rarer: exceptions cost time).
        /// </summary>
        private static int Size(Random random, int min, int max) =>
            random.Next(240) switch { < 8 => 0, < 11 => -2, _ => random.Next(min, max + 1) };

        /// <summary>Any enum member, or (rarely) a value that is not one.</summary>
        private static Activation AnyActivation(Random random) =>
            random.Next(40) == 0 ? (Activation)(random.Next(2) == 0 ? -1 : 7) : (Activation)random.Next(5);
    }
}
