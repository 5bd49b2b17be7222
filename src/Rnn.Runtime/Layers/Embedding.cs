using System;
using System.Globalization;
using Rnn.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>Embedding</c>: int64 token ids [batch, time] → [batch, time, dimensions]. Parameter as
    /// <c>torch.nn.Embedding</c>: <c>weight</c> [vocabulary, dimensions], uniform in [-0.05, 0.05] (Keras's default).
    /// With <see cref="MaskZero"/>, id 0 is padding and the output mask is ids != 0.
    /// </summary>
    public sealed class Embedding : Layer
    {
        private readonly string _kind;
#pragma warning disable IDE1006 // the field name is the parameter name, as torch.nn.Embedding's
        private Parameter weight;
#pragma warning restore IDE1006

        /// <summary>Creates the layer with Keras's initialiser, uniform in [-0.05, 0.05].</summary>
        /// <param name="name">The layer name, e.g. <c>embedding</c>.</param>
        /// <param name="vocabulary">Number of ids: valid ids are 0 to vocabulary − 1.</param>
        /// <param name="dimensions">Features per id.</param>
        /// <param name="maskZero">Treat id 0 as padding: the output mask is ids != 0.</param>
        /// <param name="generator">Source of the initial weights, or null for TorchSharp's global generator.</param>
        /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
        public Embedding(string name, long vocabulary, long dimensions, bool maskZero, Generator? generator) : base(name)
        {
            _kind = $"{name} (Embedding)";
            Vocabulary = LayerChecks.Positive(vocabulary, _kind, nameof(vocabulary));
            Dimensions = LayerChecks.Positive(dimensions, _kind, nameof(dimensions));
            MaskZero = maskZero;
            weight = Initializers.NewParameter(vocabulary, dimensions);
            Initializers.Uniform(weight, -0.05, 0.05, generator);
            RegisterComponents();
        }

        /// <summary>Number of ids.</summary>
        public long Vocabulary { get; }

        /// <summary>Features per id.</summary>
        public long Dimensions { get; }

        /// <summary>True when id 0 is padding.</summary>
        public bool MaskZero { get; }

        /// <summary>Looks up each id; the incoming mask is ignored (ids define their own).</summary>
        /// <param name="input">int64 ids [batch, time], each in [0, <see cref="Vocabulary"/>).</param>
        /// <param name="mask">Ignored.</param>
        /// <returns>[batch, time, <see cref="Dimensions"/>] and, with <see cref="MaskZero"/>, the mask ids != 0.</returns>
        /// <exception cref="ArgumentException">The input is not int64 [batch, time], or an id is outside [0, <see cref="Vocabulary"/>).</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            LayerChecks.Rank(input, 2, _kind, "int64 ids [batch, time]");
            if (input.dtype != ScalarType.Int64)
                throw new ArgumentException($"{_kind} expects int64 ids [batch, time] but got {input.dtype} {Shape.Format(input.shape)}.", nameof(input));
            using var scope = NewDisposeScope();
            CheckIds(input);
            var output = weight.index_select(0, input.reshape(-1)).reshape(input.size(0), input.size(1), Dimensions);
            using var zero = 0L.ToScalar();
            var outputMask = MaskZero ? input.ne(zero) : null;
            return new LayerOutput(LayerChecks.Keep(scope, output), LayerChecks.KeepMask(scope, outputMask));
        }

        private void CheckIds(Tensor ids)
        {
            if (ids.numel() == 0) return;
            long low = ids.min().LongValue(), high = ids.max().LongValue();
            if (low >= 0 && high < Vocabulary) return;
            long bad = low < 0 ? low : high;
            throw new ArgumentException(
                    $"{_kind} got id {bad.ToString(CultureInfo.InvariantCulture)}, outside the vocabulary [0, {Vocabulary.ToString(CultureInfo.InvariantCulture)}).",
                    "input");
        }

        /// <summary>Gather from the table; with <see cref="MaskZero"/> the mask is ids != 0.</summary>
        internal override OnnxFlow ExportOnnx(OnnxGraphBuilder graph, OnnxFlow input)
        {
            if (!input.IsTokens || input.Rank != 2)
                throw new NotSupportedException($"{_kind} cannot be exported to ONNX: it expects the model input, int64 ids [batch, time], as its input.");
            string name = GetName();
            string output = graph.Node("Gather", name, new[] { graph.Initializer(name + ".weight", weight), input.Value }, OnnxGraphBuilder.Int("axis", 0));
            string? mask = null;
            if (MaskZero)
            {
                string zero = graph.Int64s(name + "/padding_id", new[] { 0L }, scalar: true);
                string padding = graph.Node("Equal", name + "/padding", new[] { input.Value, zero });
                mask = graph.Node("Not", name + "/mask", new[] { padding });
            }
            return new OnnxFlow(output, new[] { input.Dimensions[0], input.Dimensions[1], Dimensions }, false, mask);
        }
    }
}
