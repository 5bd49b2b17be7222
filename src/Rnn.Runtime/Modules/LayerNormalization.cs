using System;
using System.Globalization;
using Rnn.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>LayerNormalization</c> over the last axis, epsilon 1e-3. Parameters as <c>torch.nn.LayerNorm</c>:
    /// <c>weight</c> [features] (ones) and <c>bias</c> [features] (zeros). Passes the mask through.
    /// </summary>
    public sealed class LayerNormalization : Layer
    {
        /// <summary>Keras's default epsilon.</summary>
        public const double Epsilon = 1e-3;

        private readonly string _kind;
#pragma warning disable IDE1006 // the field names are the parameter names, as torch.nn.LayerNorm's
        private Parameter weight;
        private Parameter bias;
#pragma warning restore IDE1006

        /// <summary>Creates the layer: scale ones, offset zeros.</summary>
        /// <param name="name">The layer name, e.g. <c>layer_normalization</c>.</param>
        /// <param name="features">Size of the last axis.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="features"/> is not positive.</exception>
        public LayerNormalization(string name, long features) : base(name)
        {
            _kind = $"{name} (LayerNormalization)";
            Features = LayerChecks.Positive(features, _kind, nameof(features));
            weight = Initializers.NewParameter(features);
            bias = Initializers.NewParameter(features);
            Initializers.Constant(weight, 1);
            Initializers.Constant(bias, 0);
            RegisterComponents();
        }

        /// <summary>Size of the last axis.</summary>
        public long Features { get; }

        /// <summary>Normalises the last axis of <paramref name="input"/>; the mask passes through.</summary>
        /// <exception cref="ArgumentException">The last axis of the input is not <see cref="Features"/>.</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            LayerChecks.LastAxis(input, Features, _kind);
            using var scope = NewDisposeScope();
            var output = nn.functional.layer_norm(input, new[] { Features }, weight, bias, Epsilon);
            return new LayerOutput(LayerChecks.Keep(scope, output), mask);
        }

        /// <summary>ONNX's LayerNormalization (opset 17) over the last axis, epsilon 1e-3.</summary>
        internal override OnnxFlow ExportOnnx(OnnxGraphBuilder graph, OnnxFlow input)
        {
            RequireOnnxInput(input, null, $"[..., {Features.ToString(CultureInfo.InvariantCulture)}]");
            string name = GetName();
            string output = graph.Node("LayerNormalization", name, new[] { input.Value, graph.Initializer(name + ".weight", weight), graph.Initializer(name + ".bias", bias) },
                OnnxGraphBuilder.Int("axis", -1), OnnxGraphBuilder.Float("epsilon", (float)Epsilon));
            return input with { Value = output };
        }
    }
}
