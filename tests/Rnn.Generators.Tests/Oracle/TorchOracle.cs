extern alias attributes;

using System;
using System.Collections.Generic;
using System.Linq;
using Rnn.Generators.Layers;
using TorchSharp;
using static TorchSharp.torch;
using Modules = Rnn.Modules;

namespace Rnn.Generators.Tests.Oracle
{
    /// <summary>What the real layer modules did with one layer: the output dimensions after the batch and the parameter count.</summary>
    internal sealed record ActualLayer(long[] Output, long ParameterCount)
    {
        public string Shape => "[None, " + string.Join(", ", Output) + "]";
    }

    /// <summary>The oracle's verdict on a stack: the layers when it ran, or why it could not.</summary>
    internal sealed record OracleVerdict(bool IsValid, IReadOnlyList<ActualLayer> Layers, string? Cause, string? Reason)
    {
        public static OracleVerdict Invalid(string cause, string reason) => new(false, Array.Empty<ActualLayer>(), cause, reason);
    }

    /// <summary>
    /// Runs a stack on the real runtime layer modules (<c>Rnn.Modules</c>, on TorchSharp), independently of the
    /// generator's shape logic: every module is built from the ACTUAL last dimension of the tensor that reaches it, and
    /// each layer's <c>Forward(x, mask)</c> gets the mask the layer before returned, so nothing here predicts a shape.
    /// </summary>
    /// <remarks>
    /// A stack is valid when the modules run the forward pass, with these rules of our (Keras) semantics on top:
    /// <list type="bullet">
    /// <item>Whenever a module throws (a non-positive size, a rate outside [0, 1), an input of the wrong rank or type,
    /// a window longer than the sequence), the stack is invalid.</item>
    /// <item>Only Embedding reads int64 token ids; any other layer given them makes the stack invalid (Keras would cast
    /// ids to floats; ours is a model error).</item>
    /// <item>MergeMode set on a layer that is not bidirectional is invalid (the modules ignore it; it is a forgotten
    /// Bidirectional).</item>
    /// <item>Every tensor in the flow must be non-empty: TorchSharp computes happily on zero-size tensors.</item>
    /// </list>
    /// A variable-length input runs with <see cref="VariableTimesteps"/> steps, long enough for every window the random
    /// stacks hold; a token input with ids drawn below the first Embedding's vocabulary (some zeros among them).
    /// </remarks>
    internal static class TorchOracle
    {
        private const int Batch = 2;

        /// <summary>The length a variable-length input runs with: 5 windows of span ≤ 7 and strides ≤ 2 still fit.</summary>
        public const int VariableTimesteps = 300;

        /// <summary>Causes of invalidity, for the tally.</summary>
        public const string Threw = "a module threw", Tokens = "token ids into a layer other than Embedding",
            MergeMode = "MergeMode without Bidirectional", Empty = "empty tensor";

        public static OracleVerdict Run(RandomStack stack, Generator generator)
        {
            using var scope = torch.NewDisposeScope();
            var modules = new List<IDisposable>();
            try
            {
                return RunCore(stack, modules, generator);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return OracleVerdict.Invalid(Threw, "threw " + e.GetType().Name + ": " + FirstLine(e.Message));
            }
            finally
            {
                foreach (var module in modules) module.Dispose();
            }
        }

        private static OracleVerdict RunCore(RandomStack stack, List<IDisposable> modules, Generator generator)
        {
            long time = stack.Timesteps == Dim.Variable ? VariableTimesteps : stack.Timesteps;
            Tensor x;
            if (stack.Features is int features)
            {
                x = torch.randn(new[] { Batch, time, (long)features }, generator: generator);
            }
            else
            {
                long vocabulary = stack.Layers.Count > 0 && stack.Layers[0] is EmbeddingLayer { Vocabulary: > 0 } e ? e.Vocabulary : 5;
                x = torch.randint(0, vocabulary, new[] { Batch, time }, dtype: ScalarType.Int64, generator: generator);
            }
            if (x.numel() == 0) return OracleVerdict.Invalid(Empty, "the input " + Describe(x) + " is empty");

            Tensor? mask = null;
            var layers = new List<ActualLayer>();
            for (int i = 0; i < stack.Layers.Count; i++)
            {
                var layer = stack.Layers[i];
                if (x.dtype == ScalarType.Int64 && layer is not EmbeddingLayer)
                    return OracleVerdict.Invalid(Tokens, $"layer {i}: {layer.TypeName} got int64 token ids {Describe(x)}");
                if (layer is RecurrentLayer { MergeModeSet: true, Bidirectional: false })
                    return OracleVerdict.Invalid(MergeMode, $"layer {i}: {layer.TypeName} sets MergeMode but is not bidirectional");

                var module = Create(layer, x.shape[^1], generator);
                modules.Add(module);
                (x, mask) = module.Forward(x, mask);

                if (x.shape[0] != Batch)
                    return OracleVerdict.Invalid("lost the batch axis", $"layer {i}: {layer.TypeName} lost the batch axis, {Describe(x)}");
                if (x.numel() == 0)
                    return OracleVerdict.Invalid(Empty, $"layer {i}: {layer.Display} gave an empty {Describe(x)}");
                layers.Add(new ActualLayer(x.shape.Skip(1).ToArray(), module.parameters().Sum(p => p.numel())));
            }
            return new OracleVerdict(true, layers, null, null);
        }

        /// <summary>The runtime module for <paramref name="layer"/>, sized from the actual input's last axis.</summary>
        private static Modules.Layer Create(LayerSpec layer, long inputSize, Generator generator) => layer switch
        {
            SimpleRnnLayer r => new Modules.SimpleRnn("simple_rnn", inputSize, r.Units, A(r.Activation), r.ReturnSequences, r.Bidirectional, M(r.MergeMode), r.Dropout, generator),
            LstmLayer r => new Modules.Lstm("lstm", inputSize, r.Units, r.ReturnSequences, r.Bidirectional, M(r.MergeMode), r.Dropout, generator),
            GruLayer r => new Modules.Gru("gru", inputSize, r.Units, r.ReturnSequences, r.Bidirectional, M(r.MergeMode), r.Dropout, generator),
            DenseLayer d => new Modules.Dense("dense", inputSize, d.Units, A(d.Activation), generator),
            EmbeddingLayer e => new Modules.Embedding("embedding", e.Vocabulary, e.Dimensions, e.MaskZero, generator),
            MaskingLayer m => new Modules.Masking("masking", m.MaskValue),
            DropoutLayer d => new Modules.Dropout("dropout", d.Rate),
            Conv1DLayer c => new Modules.Conv1D("conv1d", inputSize, c.Filters, c.KernelSize, c.Strides, c.DilationRate, P(c.Padding), A(c.Activation), generator),
            MaxPooling1DLayer p => new Modules.MaxPooling1D("max_pooling1d", p.PoolSize, p.Strides, P(p.Padding)),
            GlobalAveragePooling1DLayer => new Modules.GlobalAveragePooling1D("global_average_pooling1d"),
            GlobalMaxPooling1DLayer => new Modules.GlobalMaxPooling1D("global_max_pooling1d"),
            LayerNormalizationLayer => new Modules.LayerNormalization("layer_normalization", inputSize),
            AttentionLayer a => new Modules.Attention("attention", a.UseScale, a.Causal, a.Dropout),
            AdditiveAttentionLayer a => new Modules.AdditiveAttention("additive_attention", inputSize, a.UseScale, a.Causal, a.Dropout, generator),
            _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, "A layer kind the oracle does not know: add it here."),
        };

        // The generator compiles its own copies of the enums; the modules take Rnn.Attributes' (same values).
        private static attributes::Rnn.Activation A(Activation value) => (attributes::Rnn.Activation)(int)value;

        private static attributes::Rnn.MergeMode M(MergeMode value) => (attributes::Rnn.MergeMode)(int)value;

        private static attributes::Rnn.WindowPadding P(WindowPadding value) => (attributes::Rnn.WindowPadding)(int)value;

        private static string Describe(Tensor x) => "[" + string.Join(", ", x.shape) + "]";

        private static string FirstLine(string message)
        {
            int newline = message.IndexOf('\n');
            return newline < 0 ? message : message.Substring(0, newline);
        }
    }
}
