using System;
using Rnn.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>GlobalAveragePooling1D</c>: [batch, time, features] → [batch, features], the mean over the real
    /// steps only when masked (a sequence with no real step gives zeros). The output has no mask.
    /// </summary>
    public sealed class GlobalAveragePooling1D : Layer
    {
        private readonly string _kind;

        /// <summary>Creates the layer.</summary>
        /// <param name="name">The layer name, e.g. <c>global_average_pooling1d</c>.</param>
        public GlobalAveragePooling1D(string name) : base(name) => _kind = $"{name} (GlobalAveragePooling1D)";

        /// <summary>Averages over time, over real steps when <paramref name="mask"/> is given.</summary>
        /// <exception cref="ArgumentException">The input is not [batch, time, features].</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            LayerChecks.Rank(input, 3, _kind, "[batch, time, features]");
            using var scope = NewDisposeScope();
            Tensor output;
            if (mask is null) output = input.mean(new long[] { 1 });
            else
            {
                var weights = mask.unsqueeze(-1).to(input.dtype);
                using var one = 1.ToScalar();
                output = (input * weights).sum(1) / weights.sum(1).clamp_min(one);
            }
            return new LayerOutput(LayerChecks.Keep(scope, output), null);
        }

        /// <summary>ReduceMean over time; masked: sum(x · m) / max(sum(m), 1).</summary>
        internal override OnnxFlow ExportOnnx(OnnxGraphBuilder graph, OnnxFlow input)
        {
            RequireOnnxInput(input, 3, "[batch, time, features]");
            string name = GetName();
            string output;
            if (input.Mask is null)
                output = graph.Node("ReduceMean", name, new[] { input.Value }, OnnxGraphBuilder.Ints("axes", 1), OnnxGraphBuilder.Int("keepdims", 0));
            else
            {
                string weights = graph.MaskWeights(input.Mask, name);
                string time = graph.Int64s(name + "/time_axis", new[] { 1L });
                string keep = graph.Node("Mul", name + "/masked", new[] { input.Value, weights });
                string sum = graph.Node("ReduceSum", name + "/sum", new[] { keep, time }, OnnxGraphBuilder.Int("keepdims", 0));
                string count = graph.Node("ReduceSum", name + "/count", new[] { weights, time }, OnnxGraphBuilder.Int("keepdims", 0));
                string atLeastOne = graph.Node("Max", name + "/count_at_least_1", new[] { count, graph.FloatScalar(name + "/one", 1f) });
                output = graph.Node("Div", name, new[] { sum, atLeastOne });
            }
            return new OnnxFlow(output, new[] { input.Dimensions[0], input.Dimensions[2] }, false, null);
        }
    }
}
