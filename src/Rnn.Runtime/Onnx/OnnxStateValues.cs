using Onnx;

namespace Rnn.Onnx
{
    /// <summary>
    /// The recurrent state as graph inputs and outputs of a stateful ONNX graph: input <c>state.&lt;layer&gt;.h</c> (and
    /// <c>.c</c> for an LSTM) and output <c>final_state.&lt;layer&gt;.h</c> (<c>.c</c>), float32 [batch, directions × units]
    /// as the typed <see cref="RecurrentState"/> records hold them (a bidirectional layer's forward units, then its
    /// backward units), turned into and out of the [directions, batch, units] that ONNX's RNN/LSTM/GRU read as
    /// <c>initial_h</c>/<c>initial_c</c> and write as <c>Y_h</c>/<c>Y_c</c>.
    /// </summary>
    internal static class OnnxStateValues
    {
        /// <summary>The prefix of a state input's name, <c>state.lstm.h</c>.</summary>
        public const string InputPrefix = "state.";

        /// <summary>The prefix of a final state output's name, <c>final_state.lstm.h</c>.</summary>
        public const string OutputPrefix = "final_state.";

        /// <summary>
        /// Declares the graph input <c>state.<paramref name="layer"/>.<paramref name="part"/></c> [batch, directions × units]
        /// and returns it as [directions, batch, units].
        /// </summary>
        public static string Read(OnnxGraphBuilder graph, string layer, string part, int directions, long units)
        {
            string name = graph.ExactName(InputPrefix + layer + "." + part);
            graph.Graph.Input.Add(OnnxGraphBuilder.Value(name, TensorProto.Types.DataType.Float, new long?[] { null, directions * units }, new[] { "batch" }));
            string hint = layer + "/initial_" + part;
            string split = graph.Node("Reshape", hint + "/directions", new[] { name, graph.Int64s(hint + "/shape", new[] { 0L, directions, units }) });
            return graph.Transpose(split, hint, 1, 0, 2);
        }

        /// <summary>
        /// Writes <paramref name="final"/> [directions, batch, units] to the graph output
        /// <c>final_state.<paramref name="layer"/>.<paramref name="part"/></c> [batch, directions × units].
        /// </summary>
        public static void Write(OnnxGraphBuilder graph, string final, string layer, string part, int directions, long units)
        {
            string hint = layer + "/final_" + part;
            string batchMajor = graph.Transpose(final, hint + "/batch_major", 1, 0, 2);
            string name = graph.ExactName(OutputName(layer, part));
            graph.Graph.Node.Add(new NodeProto
            {
                OpType = "Reshape",
                Name = graph.Name(hint + "/Reshape"),
                Input = { batchMajor, graph.Int64s(hint + "/shape", new[] { 0L, directions * units }) },
                Output = { name },
            });
            DeclareOutput(graph, name, directions * units);
        }

        /// <summary>The name of the graph output holding <paramref name="layer"/>'s final <paramref name="part"/>: <c>final_state.lstm.h</c>.</summary>
        public static string OutputName(string layer, string part) => OutputPrefix + layer + "." + part;

        /// <summary>Declares the graph output <paramref name="name"/>, float32 [batch, <paramref name="width"/>].</summary>
        public static void DeclareOutput(OnnxGraphBuilder graph, string name, long width) =>
            graph.Graph.Output.Add(OnnxGraphBuilder.Value(name, TensorProto.Types.DataType.Float, new long?[] { null, width }, new[] { "batch" }));

        /// <summary>
        /// <paramref name="final"/> [directions, batch, units], but <paramref name="initial"/> in the rows whose
        /// <paramref name="lengths"/> (int32 [batch]) are 0: a sequence without any real step keeps its initial state, as
        /// the runtime's layers do, whatever ONNX Runtime writes for it.
        /// </summary>
        public static string KeepWhereEmpty(OnnxGraphBuilder graph, string final, string initial, string lengths, string hint)
        {
            string positive = graph.Node("Greater", hint + "/has_steps", new[] { lengths, graph.Int32Scalar(hint + "/zero", 0) });
            string rows = graph.Node("Unsqueeze", hint + "/has_steps_rows", new[] { positive, graph.Int64s(hint + "/units_axis", new[] { 1L }) }); // [batch, 1]
            return graph.Node("Where", hint + "/kept", new[] { rows, final, initial });
        }
    }
}
