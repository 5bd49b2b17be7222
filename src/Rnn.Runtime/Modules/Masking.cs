using System;
using System.Globalization;
using Rnn.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>Masking</c> for float sequences [batch, time, features]: a step whose features all equal
    /// <see cref="MaskValue"/> is padding. Output = input × mask (padded steps become zeros); mask = any(feature != maskValue).
    /// </summary>
    public sealed class Masking : Layer
    {
        private readonly string _kind;

        /// <summary>Creates the layer.</summary>
        /// <param name="name">The layer name, e.g. <c>masking</c>.</param>
        /// <param name="maskValue">The feature value that marks padding.</param>
        public Masking(string name, double maskValue) : base(name)
        {
            _kind = $"{name} (Masking)";
            MaskValue = maskValue;
        }

        /// <summary>The feature value that marks padding.</summary>
        public double MaskValue { get; }

        /// <summary>Computes the mask of <paramref name="input"/>; the incoming mask is replaced, as in Keras.</summary>
        /// <exception cref="ArgumentException">The input is not [batch, time, features].</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            LayerChecks.Rank(input, 3, _kind, "[batch, time, features]");
            using var scope = NewDisposeScope();
            using var maskValue = MaskValue.ToScalar();
            var outputMask = input.ne(maskValue).any(-1);
            var output = input * outputMask.unsqueeze(-1).to(input.dtype);
            return new LayerOutput(LayerChecks.Keep(scope, output), LayerChecks.Keep(scope, outputMask));
        }

        /// <summary>mask = any(x != maskValue) over features; output = x × mask.</summary>
        internal override OnnxFlow ExportOnnx(OnnxGraphBuilder graph, OnnxFlow input)
        {
            RequireOnnxInput(input, 3, "[batch, time, features]");
            string name = GetName();
            string equal = graph.Node("Equal", name + "/equal", new[] { input.Value, graph.FloatScalar(name + "/mask_value", (float)MaskValue) });
            string differs = graph.Node("Cast", name + "/differs", new[] { graph.Node("Not", name + "/not_equal", new[] { equal }) },
                OnnxGraphBuilder.Int("to", (long)global::Onnx.TensorProto.Types.DataType.Float));
            string any = graph.Node("ReduceMax", name + "/any", new[] { differs }, OnnxGraphBuilder.Ints("axes", -1), OnnxGraphBuilder.Int("keepdims", 0));
            string mask = graph.Node("Cast", name + "/mask", new[] { any }, OnnxGraphBuilder.Int("to", (long)global::Onnx.TensorProto.Types.DataType.Bool));
            string output = graph.Node("Mul", name, new[] { input.Value, graph.MaskWeights(mask, name) });
            return input with { Value = output, Mask = mask };
        }
    }
}
