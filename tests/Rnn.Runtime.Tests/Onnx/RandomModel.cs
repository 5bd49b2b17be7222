using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Rnn.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Onnx
{
    /// <summary>
    /// A random valid model built from the layer modules (the oracle's idea, tests/Rnn.Generators.Tests/Oracle/RandomStack.cs,
    /// over every layer kind that can export): token or float input, fixed or variable time, optional mask source, then 1–4 layers that
    /// fit the shape flowing in, plus the input lengths it is run at.
    /// </summary>
    internal sealed class RandomModel
    {
        private RandomModel(ModuleModel model, bool tokens, bool maskedInput, long features, long vocabulary, double maskValue, long[] lengths,
            bool takesOneStep, string description)
        {
            TakesOneStep = takesOneStep;
            Model = model;
            Tokens = tokens;
            MaskedInput = maskedInput;
            Features = features;
            Vocabulary = vocabulary;
            MaskValue = maskValue;
            Lengths = lengths;
            Description = description;
        }

        public ModuleModel Model { get; }

        /// <summary>Token-id input (first layer Embedding).</summary>
        public bool Tokens { get; }

        /// <summary>The first layer makes a mask (Embedding with MaskZero, or Masking): inputs get right padding.</summary>
        public bool MaskedInput { get; }

        public long Features { get; }

        public long Vocabulary { get; }

        public double MaskValue { get; }

        /// <summary>Time lengths to run: one for a fixed-time input, two for a variable one.</summary>
        public long[] Lengths { get; }

        public string Description { get; }

        public bool VariableTime => Model.ModelInputShape[1] is null;

        /// <summary>A variable-time model whose layers all take an input of one step (no valid convolution or pooling wider than what reaches it).</summary>
        public bool TakesOneStep { get; }

        /// <summary>
        /// The layers that receive a mask: those after Embedding(MaskZero) or Masking while the time axis is kept and no
        /// convolution or pooling has replaced it.
        /// </summary>
        public IReadOnlyList<Layer> MaskedLayers()
        {
            var result = new List<Layer>();
            bool masked = false;
            foreach (var layer in Model.LayerModules)
            {
                if (masked) result.Add(layer);
                masked = layer switch
                {
                    Embedding e => e.MaskZero,
                    Masking => true,
                    RecurrentLayer r => masked && r.ReturnSequences,
                    Conv1D or MaxPooling1D or GlobalAveragePooling1D or GlobalMaxPooling1D => false,
                    _ => masked,
                };
            }
            return result;
        }

        /// <summary>How many rows of <paramref name="input"/> (from <see cref="Input"/>) have no real step: all padding.</summary>
        public long EmptyRows(Tensor input)
        {
            if (!MaskedInput) return 0;
            using var scope = NewDisposeScope();
            var real = Tokens ? input.ne(0) : input.ne(MaskValue).any(-1);
            return real.any(1).logical_not().sum().item<long>();
        }

        public override string ToString() => Description;

        /// <summary>
        /// An input of <paramref name="batch"/> × <paramref name="time"/>: uniform floats in [-1, 1) or ids in [1, vocabulary)
        /// (or [0, vocabulary) without a mask); with a masked input, each row after the first is right-padded to a random
        /// length in [0, time] with the padding id 0 or the mask value.
        /// </summary>
        public Tensor Input(Random random, long batch, long time)
        {
            var rows = new List<long>();
            for (long b = 0; b < batch; b++) rows.Add(MaskedInput && b > 0 ? random.Next((int)time + 1) : time);
            if (Tokens)
            {
                long low = MaskedInput ? 1 : 0;
                var ids = new long[batch * time];
                for (long b = 0; b < batch; b++)
                    for (long t = 0; t < time; t++)
                        ids[b * time + t] = t < rows[(int)b] ? low + random.Next((int)(Vocabulary - low)) : 0;
                return tensor(ids, new[] { batch, time });
            }
            var values = new float[batch * time * Features];
            for (long b = 0; b < batch; b++)
                for (long t = 0; t < time; t++)
                    for (long f = 0; f < Features; f++)
                        values[(b * time + t) * Features + f] = t < rows[(int)b] ? (float)(random.NextDouble() * 2 - 1) : (float)MaskValue;
            return tensor(values, new[] { batch, time, Features });
        }

        /// <summary>A random valid model; its weights come from a generator seeded with <paramref name="index"/>.</summary>
        public static RandomModel Next(Random random, int index)
        {
            using var g = new Generator((ulong)(1000 + index));
            bool tokens = random.NextDouble() < 0.3;
            bool variable = random.NextDouble() < 0.45;
            long[] lengths = variable ? Variable(random) : new[] { (long)random.Next(1, 7) };
            var layers = new List<Layer>();
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            string Name(string kind)
            {
                int n = names.TryGetValue(kind, out int used) ? used : 0;
                names[kind] = n + 1;
                return n == 0 ? kind : kind + "_" + n.ToString(CultureInfo.InvariantCulture);
            }
            long features = random.Next(1, 6), vocabulary = 0;
            double maskValue = 0;
            bool masked = false;
            if (tokens)
            {
                vocabulary = random.Next(3, 13);
                masked = random.NextDouble() < 0.7;
                layers.Add(new Embedding(Name("embedding"), vocabulary, features, masked, g));
            }
            else if (random.NextDouble() < 0.3)
            {
                masked = true;
                maskValue = random.Next(2) == 0 ? 0 : -2;
                layers.Add(new Masking(Name("masking"), maskValue));
            }
            var state = new StackState(3, features, lengths.ToArray(), variable ? 1 : null);
            int count = random.Next(1, 5);
            for (int i = 0; i < count; i++) layers.Add(NextLayer(random, g, ref state, Name));
            var input = tokens ? new Shape(null, variable ? null : (int)lengths[0]) : new Shape(null, variable ? null : (int)lengths[0], (int)features);
            var model = new ModuleModel("Random" + index.ToString("D4", CultureInfo.InvariantCulture), input, layers);
            string description = "#" + index.ToString(CultureInfo.InvariantCulture) + " " + input + " → " + string.Join(" → ", layers.Select(Describe));
            return new RandomModel(model, tokens, masked, features, vocabulary, maskValue, lengths, state.Step is not null, description);
        }

        /// <summary>
        /// Rank (3 = [batch, time, features], 2 = [batch, features]), features, the time at each test length, and the time
        /// a one-step input has here (null when it does not reach this layer, or for a fixed time).
        /// </summary>
        private readonly record struct StackState(int Rank, long Features, long[] Times, long? Step);

        private static long[] Variable(Random random)
        {
            long first = random.Next(2, 6);
            return new[] { first, first + random.Next(1, 5) };
        }

        private static Layer NextLayer(Random random, Generator g, ref StackState state, Func<string, string> name)
        {
            long units = random.Next(1, 6);
            double roll = random.NextDouble();
            if (state.Rank == 2)
            {
                if (roll < 0.6) return NewDense(random, g, ref state, name, units);
                if (roll < 0.8) return new Dropout(name("dropout"), 0.3);
                return new LayerNormalization(name("layer_normalization"), state.Features);
            }
            if (roll < 0.45) return NewRecurrent(random, g, ref state, name, units);
            if (roll < 0.52) return NewDense(random, g, ref state, name, units);
            if (roll < 0.56) return new Dropout(name("dropout"), 0.25);
            if (roll < 0.62) return new LayerNormalization(name("layer_normalization"), state.Features);
            if (roll < 0.74) return NewConv(random, g, ref state, name, units);
            if (roll < 0.81) return NewPool(random, ref state, name);
            if (roll < 0.89) return NewAttention(random, g, ref state, name);
            state = state with { Rank = 2 };
            return random.Next(2) == 0 ? new GlobalAveragePooling1D(name("global_average_pooling1d")) : new GlobalMaxPooling1D(name("global_max_pooling1d"));
        }

        private static Layer NewDense(Random random, Generator g, ref StackState state, Func<string, string> name, long units)
        {
            var layer = new Dense(name("dense"), state.Features, units, (Activation)random.Next(5), g);
            state = state with { Features = units };
            return layer;
        }

        private static Layer NewRecurrent(Random random, Generator g, ref StackState state, Func<string, string> name, long units)
        {
            bool sequences = random.NextDouble() < 0.6, bidirectional = random.NextDouble() < 0.4;
            var merge = (MergeMode)random.Next(4);
            double dropout = random.Next(3) == 0 ? 0.2 : 0; // inference ignores it
            string prefix = bidirectional ? "bidirectional" : "";
            RecurrentLayer layer = random.Next(3) switch
            {
                0 => new SimpleRnn(name(bidirectional ? prefix : "simple_rnn"), state.Features, units, random.Next(2) == 0 ? Activation.Tanh : Activation.Relu,
                    sequences, bidirectional, merge, dropout, g),
                1 => new Lstm(name(bidirectional ? prefix : "lstm"), state.Features, units, sequences, bidirectional, merge, dropout, g),
                _ => new Gru(name(bidirectional ? prefix : "gru"), state.Features, units, sequences, bidirectional, merge, dropout, g),
            };
            RandomizeBiases(layer, g);
            state = state with { Rank = sequences ? 3 : 2, Features = layer.OutputSize };
            return layer;
        }

        /// <summary>Keras starts biases at zero (the LSTM forget gate at 1); random biases make every gate's bias count.</summary>
        public static void RandomizeBiases(nn.Module layer, Generator g)
        {
            using var _ = no_grad();
            foreach (var (parameterName, parameter) in layer.named_parameters())
                if (parameterName.StartsWith("bias", StringComparison.Ordinal))
                    parameter.copy_(rand(parameter.shape, generator: g).mul_(1).sub_(0.5));
        }

        /// <summary>Self-attention, dot-product or additive, with or without a (random) scale and a causal mask; dropout is off in inference.</summary>
        private static Layer NewAttention(Random random, Generator g, ref StackState state, Func<string, string> name)
        {
            int kind = random.Next(8);
            bool scale = (kind & 2) != 0, causal = (kind & 4) != 0;
            AttentionLayer layer = (kind & 1) == 0
                ? new Attention(name("attention"), scale, causal, 0.2)
                : new AdditiveAttention(name("additive_attention"), state.Features, scale, causal, 0, g);
            using (no_grad())
                foreach (var (_, parameter) in layer.named_parameters())
                    parameter.copy_(rand(parameter.shape, generator: g).mul_(2).sub_(0.5)); // a scale other than Attention's initial 1
            state = state with { Features = 2 * state.Features };
            return layer;
        }

        private static Layer NewConv(Random random, Generator g, ref StackState state, Func<string, string> name, long filters)
        {
            long kernel = random.Next(1, 4), strides = random.Next(1, 3), dilation = random.Next(1, 3);
            long span = dilation * (kernel - 1) + 1;
            var padding = (WindowPadding)random.Next(3);
            if (padding == WindowPadding.Valid && state.Times.Min() < span) padding = WindowPadding.Same;
            var layer = new Conv1D(name("conv1d"), state.Features, filters, kernel, strides, dilation, padding, (Activation)random.Next(4), g);
            long Out(long t) => padding == WindowPadding.Valid ? (t - span) / strides + 1 : (t + strides - 1) / strides;
            var times = state.Times.Select(Out).ToArray();
            state = state with { Features = filters, Times = times, Step = state.Step is long step && (padding != WindowPadding.Valid || step >= span) ? Out(step) : null };
            return layer;
        }

        private static Layer NewPool(Random random, ref StackState state, Func<string, string> name)
        {
            long pool = random.Next(1, 4), strides = random.Next(1, 4);
            var padding = random.Next(2) == 0 || state.Times.Min() < pool ? WindowPadding.Same : WindowPadding.Valid;
            var layer = new MaxPooling1D(name("max_pooling1d"), pool, strides, padding);
            long Out(long t) => padding == WindowPadding.Valid ? (t - pool) / strides + 1 : (t + strides - 1) / strides;
            state = state with
            {
                Times = state.Times.Select(Out).ToArray(),
                Step = state.Step is long step && (padding != WindowPadding.Valid || step >= pool) ? Out(step) : null,
            };
            return layer;
        }

        private static string Describe(Layer layer) => layer switch
        {
            RecurrentLayer r => FormattableString.Invariant(
                $"{r.GetType().Name}({r.Units}{(r is SimpleRnn s ? ", " + s.Activation : "")}{(r.ReturnSequences ? ", sequences" : "")}{(r.Bidirectional ? ", bidirectional " + r.MergeMode : "")})"),
            Dense d => FormattableString.Invariant($"Dense({d.Units}, {d.Activation})"),
            Conv1D c => FormattableString.Invariant($"Conv1D({c.Filters}, {c.KernelSize}, strides {c.Strides}, dilation {c.DilationRate}, {c.Padding}, {c.Activation})"),
            MaxPooling1D p => FormattableString.Invariant($"MaxPooling1D({p.PoolSize}, strides {p.Strides}, {p.Padding})"),
            Embedding e => FormattableString.Invariant($"Embedding({e.Vocabulary}, {e.Dimensions}{(e.MaskZero ? ", maskZero" : "")})"),
            Masking m => FormattableString.Invariant($"Masking({m.MaskValue})"),
            AttentionLayer a => a.GetType().Name + "(" + (a.UseScale ? "scale" : "no scale") + (a.Causal ? ", causal" : "") + ")",
            _ => layer.GetType().Name,
        };
    }
}
