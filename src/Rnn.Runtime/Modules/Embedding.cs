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

        /// <summary>
        /// Looks up each id; the incoming mask is ignored (ids define their own). The ids are not range-checked here, on
        /// every step: Fit, Evaluate and Predict check their whole input once (<see cref="CheckModelInput"/>), and an id
        /// outside the vocabulary that reaches this method anyway is caught by the lookup and reported as below.
        /// </summary>
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
            var output = Lookup(input).reshape(input.size(0), input.size(1), Dimensions);
            using var zero = 0L.ToScalar();
            var outputMask = MaskZero ? input.ne(zero) : null;
            return new LayerOutput(LayerChecks.Keep(scope, output), LayerChecks.KeepMask(scope, outputMask));
        }

        /// <summary>
        /// Throws unless every id in <paramref name="input"/> is in [0, <see cref="Vocabulary"/>): the check that Fit,
        /// Evaluate and Predict run once over their whole input, before any step. Float inputs are left to the model's
        /// type check and to <see cref="Forward"/>.
        /// </summary>
        /// <param name="input">int64 ids [samples, …].</param>
        /// <param name="caller">The call, e.g. <c>TextModel.Fit</c>.</param>
        /// <param name="argument">The argument that holds the ids, e.g. <c>x</c>.</param>
        /// <exception cref="ArgumentException">An id is outside the vocabulary; the message gives the first such sample and id.</exception>
        protected internal override void CheckModelInput(Tensor input, string caller, string argument)
        {
            if (input.dtype != ScalarType.Int64 || FirstOutside(input) is not (long sample, long id)) return;
            throw new ArgumentException(
                $"{caller}: {argument} sample {Format(sample)} holds id {Format(id)}, outside the vocabulary [0, {Format(Vocabulary)}) of {_kind}; " +
                "ids must be below the Embedding's vocabulary.", argument);
        }

        /// <summary>The rows of the table for <paramref name="ids"/>, flattened; an id outside the vocabulary throws <see cref="ArgumentException"/>.</summary>
        private Tensor Lookup(Tensor ids)
        {
            try
            {
                // libtorch's index_select bounds-checks every index (negative ones too) and throws; it never reads outside the table.
                return weight.index_select(0, ids.reshape(-1));
            }
            catch (Exception e) when (e is not ArgumentException && FirstOutside(ids) is (_, long id))
            {
                throw new ArgumentException($"{_kind} got id {Format(id)}, outside the vocabulary [0, {Format(Vocabulary)}).", "input", e);
            }
        }

        /// <summary>The first sample (along the first axis) holding an id outside [0, <see cref="Vocabulary"/>), and that id; null if none.</summary>
        private (long Sample, long Id)? FirstOutside(Tensor ids)
        {
            if (ids.numel() == 0) return null;
            using var scope = NewDisposeScope();
            if (ids.min().LongValue() >= 0 && ids.max().LongValue() < Vocabulary) return null;
            using var zero = 0L.ToScalar();
            using var vocabulary = Vocabulary.ToScalar();
            var outside = ids.lt(zero).logical_or(ids.ge(vocabulary)).reshape(ids.size(0), -1);
            long sample = outside.any(1).nonzero()[0, 0].LongValue();
            long position = outside[sample].nonzero()[0, 0].LongValue();
            return (sample, ids[sample].reshape(-1)[position].LongValue());
        }

        private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

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
