using System;
using Rnn.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>GlobalMaxPooling1D</c>: [batch, time, features] → [batch, features], the maximum over the real steps
    /// only when masked (a sequence with no real step gives zeros). The output has no mask.
    /// </summary>
    public sealed class GlobalMaxPooling1D : Layer
    {
        private readonly string _kind;

        /// <summary>Creates the layer.</summary>
        /// <param name="name">The layer name, e.g. <c>global_max_pooling1d</c>.</param>
        public GlobalMaxPooling1D(string name) : base(name) => _kind = $"{name} (GlobalMaxPooling1D)";

        /// <summary>Takes the maximum over time, over real steps when <paramref name="mask"/> is given.</summary>
        /// <exception cref="ArgumentException">The input is not [batch, time, features].</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            LayerChecks.Rank(input, 3, _kind, "[batch, time, features]");
            using var scope = NewDisposeScope();
            Tensor output;
            if (mask is null) output = input.amax(new long[] { 1 });
            else
            {
                var padding = mask.logical_not().unsqueeze(-1);
                using var lowest = double.NegativeInfinity.ToScalar();
                using var zero = 0.ToScalar();
                var maximum = input.masked_fill(padding, lowest).amax(new long[] { 1 });
                output = maximum.masked_fill(mask.any(1).logical_not().unsqueeze(-1), zero);
            }
            return new LayerOutput(LayerChecks.Keep(scope, output), null);
        }

        /// <summary>ReduceMax over time; masked: padding set to −∞ first, and rows without a real step give zeros.</summary>
        internal override OnnxFlow ExportOnnx(OnnxGraphBuilder graph, OnnxFlow input)
        {
            RequireOnnxInput(input, 3, "[batch, time, features]");
            string name = GetName();
            var reduce = new[] { OnnxGraphBuilder.Ints("axes", 1), OnnxGraphBuilder.Int("keepdims", 0) };
            string output;
            if (input.Mask is null) output = graph.Node("ReduceMax", name, new[] { input.Value }, reduce);
            else
            {
                string real = graph.Node("Unsqueeze", name + "/real", new[] { input.Mask, graph.Int64s(name + "/last_axis", new[] { -1L }) });
                string lowest = graph.FloatScalar(name + "/lowest", float.NegativeInfinity);
                string masked = graph.Node("Where", name + "/masked", new[] { real, input.Value, lowest });
                string maximum = graph.Node("ReduceMax", name + "/max", new[] { masked }, reduce);
                string any = graph.Node("ReduceMax", name + "/any", new[] { graph.MaskWeights(input.Mask, name) }, reduce); // [b, 1]: 1 if any real step
                string hasReal = graph.Node("Cast", name + "/has_real", new[] { any }, OnnxGraphBuilder.Int("to", (long)global::Onnx.TensorProto.Types.DataType.Bool));
                output = graph.Node("Where", name, new[] { hasReal, maximum, graph.FloatScalar(name + "/zero", 0f) });
            }
            return new OnnxFlow(output, new[] { input.Dimensions[0], input.Dimensions[2] }, false, null);
        }
    }
}
