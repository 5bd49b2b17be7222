using System;
using System.Linq;
using Onnx;
using Rnn.Modules;

namespace Rnn.Onnx
{
    /// <summary>
    /// The outputs by which a Seq2Seq encoder's stateful graph starts the decoder's: <c>decoder_state.&lt;layer&gt;.h</c>
    /// (and <c>.c</c> for an LSTM), float32 [batch, directions × units], one for each <c>state.*</c> input of the decoder's
    /// graph, with the same name after its prefix. They hold the decoder's initial state as <c>Translate</c> starts it: the
    /// decoder's first recurrent layer gets the encoder's last recurrent layer's final state, a bidirectional layer's
    /// directions merged in the graph (<see cref="MergeMode.Concat"/> as it is, <see cref="MergeMode.Sum"/> by an Add
    /// node); its other recurrent layers get zeros. A host feeds them to the decoder's first step as they are.
    /// </summary>
    internal static class OnnxDecoderStart
    {
        /// <summary>The prefix of a decoder start output's name, <c>decoder_state.gru.h</c>: the decoder input <c>state.gru.h</c> of the first step.</summary>
        public const string OutputPrefix = "decoder_state.";

        /// <summary>
        /// Adds the outputs <c>decoder_state.*</c> to <paramref name="graph"/>, the stateful graph of
        /// <paramref name="encoder"/> under construction, after its layers (whose <c>final_state.*</c> they read).
        /// </summary>
        /// <exception cref="NotSupportedException">The encoder's last recurrent layer merges its directions another way
        /// than Concat or Sum, or its state has other parts than the decoder's first recurrent layer's.</exception>
        public static void Write(OnnxGraphBuilder graph, RnnModel encoder, RnnModel decoder)
        {
            var last = encoder.LayerModules.OfType<RecurrentLayer>().Last();
            var layers = decoder.LayerModules.OfType<RecurrentLayer>().ToArray();
            string[] start = last.OnnxDecoderStart(graph);
            if (start.Length != layers[0].OnnxStateParts.Length)
                throw new NotSupportedException(
                    $"{encoder.GetName()}'s {last.GetName()} has {start.Length} state tensors, but {decoder.GetName()}'s {layers[0].GetName()} starts from {layers[0].OnnxStateParts.Length}.");
            string? batch = null;
            for (int l = 0; l < layers.Length; l++)
            {
                string[] parts = layers[l].OnnxStateParts;
                for (int p = 0; p < parts.Length; p++)
                {
                    string value = l == 0 ? start[p] : Zeros(graph, layers[l].StateWidth, batch ??= BatchSize(graph));
                    string name = graph.ExactName(OutputPrefix + layers[l].GetName() + "." + parts[p]);
                    graph.Graph.Node.Add(new NodeProto { OpType = "Identity", Name = graph.Name(name + "/Identity"), Input = { value }, Output = { name } });
                    OnnxStateValues.DeclareOutput(graph, name, layers[l].StateWidth);
                }
            }
        }

        /// <summary>The graph input's batch size, int64 [1].</summary>
        private static string BatchSize(OnnxGraphBuilder graph) =>
            graph.Node("Shape", "decoder_state/batch", new[] { OnnxExporter.InputName }, OnnxGraphBuilder.Int("start", 0), OnnxGraphBuilder.Int("end", 1));

        /// <summary>float32 zeros [batch, <paramref name="width"/>] (ConstantOfShape's default value).</summary>
        private static string Zeros(OnnxGraphBuilder graph, long width, string batch)
        {
            string shape = graph.Node("Concat", "decoder_state/zeros_shape", new[] { batch, graph.Int64s("decoder_state/width", new[] { width }) },
                OnnxGraphBuilder.Int("axis", 0));
            return graph.Node("ConstantOfShape", "decoder_state/zeros", new[] { shape });
        }
    }
}
