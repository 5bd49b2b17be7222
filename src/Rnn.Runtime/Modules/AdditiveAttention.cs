using System;
using System.Globalization;
using Rnn.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>AdditiveAttention</c> (Bahdanau): scores sum over the features of scale · tanh(q + k), with a learned
    /// <c>scale</c> [features] (Keras's Glorot uniform) when <see cref="AttentionLayer.UseScale"/>, else of tanh(q + k)
    /// alone; <see cref="Features"/> parameters with the scale, none without. See <see cref="AttentionLayer"/> for masks,
    /// <see cref="AttentionLayer.Causal"/> and the output.
    /// </summary>
    /// <remarks>The scores hold a [batch, query time, value time, features] temporary.</remarks>
    public sealed class AdditiveAttention : AttentionLayer
    {
#pragma warning disable IDE1006 // the field name is the parameter name, as Keras's
        private Parameter? scale;
#pragma warning restore IDE1006

        /// <summary>Creates the layer with Keras's initialiser for the scale: Glorot uniform, fan in = fan out = features.</summary>
        /// <param name="name">The layer name, e.g. <c>additive_attention</c>.</param>
        /// <param name="features">Features of the query and the values.</param>
        /// <param name="useScale">True to learn a scale vector of <paramref name="features"/> values.</param>
        /// <param name="causal">True to let query step i see value steps 0 … i only.</param>
        /// <param name="dropout">Fraction of the attention weights dropped in training, in [0, 1).</param>
        /// <param name="generator">Source of the initial scale, or null for TorchSharp's global generator.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="features"/> is not positive, or <paramref name="dropout"/> is outside [0, 1).</exception>
        public AdditiveAttention(string name, long features, bool useScale, bool causal, double dropout, Generator? generator)
            : base(name, "AdditiveAttention", useScale, causal, dropout)
        {
            Features = LayerChecks.Positive(features, Kind, nameof(features));
            if (useScale)
            {
                scale = Initializers.NewParameter(features);
                Initializers.GlorotUniform(scale, fanIn: features, fanOut: features, generator);
            }
            RegisterComponents();
        }

        /// <summary>Features of the query and the values.</summary>
        public long Features { get; }

        private protected override void CheckQuery(Tensor query)
        {
            if (query.size(2) != Features)
                throw new ArgumentException(
                    $"{Kind} expects a query [batch, time, {Features.ToString(CultureInfo.InvariantCulture)}] but got {Shape.Format(query.shape)}.", nameof(query));
        }

        private protected override Tensor Scores(Tensor query, Tensor key)
        {
            var sums = (query.unsqueeze(2) + key.unsqueeze(1)).tanh(); // [batch, query time, value time, features]
            return scale is null ? sums.sum(-1) : sums.matmul(scale);
        }

        /// <inheritdoc/>
        private protected override string OnnxScores(OnnxGraphBuilder graph, string query, string key, string hint)
        {
            string queries = graph.Node("Unsqueeze", hint + "/queries", new[] { query, graph.Int64s(hint + "/value_axis", new[] { 2L }) });
            string keys = graph.Node("Unsqueeze", hint + "/keys", new[] { key, graph.Int64s(hint + "/query_axis", new[] { 1L }) });
            string sums = graph.Node("Tanh", hint + "/tanh", new[] { graph.Node("Add", hint + "/sums", new[] { queries, keys }) }); // [batch, query time, value time, features]
            return scale is null
                ? graph.Node("ReduceSum", hint, new[] { sums, graph.Int64s(hint + "/features_axis", new[] { -1L }) }, OnnxGraphBuilder.Int("keepdims", 0))
                : graph.Node("MatMul", hint, new[] { sums, graph.Initializer(GetName() + ".scale", scale) });
        }
    }
}
