using System;
using System.Linq;
using System.Reflection;
using Google.Protobuf;
using Onnx;
using Rnn.IO;
using Rnn.Modules;

namespace Rnn.Onnx
{
    /// <summary>
    /// Turns a model into an ONNX <see cref="ModelProto"/>: one input (<c>input</c>, the model input with a dynamic batch
    /// and, for variable inputs, a dynamic time), the layer modules' own graphs in order, one output (<c>output</c>, the
    /// result of <c>Forward</c>). A stateful graph adds, after those, each recurrent layer's initial state as inputs and
    /// its final state as outputs (<see cref="OnnxStateValues"/>), as <c>ForwardWithState</c> takes and returns them. A
    /// Seq2Seq decoder's graph adds, after <c>input</c>, the encoder's output and mask its attention layers attend over;
    /// a Seq2Seq encoder's graph adds, after its final states, the decoder's initial state (<see cref="OnnxDecoderStart"/>).
    /// </summary>
    internal static class OnnxExporter
    {
        /// <summary>ONNX IR version 8 (ONNX 1.10–1.12), which opset 17 needs.</summary>
        public const long IrVersion = 8;

        /// <summary>Name of the graph input.</summary>
        public const string InputName = "input";

        /// <summary>Name of a decoder graph's input holding the encoder's output sequence, float32 [batch, sourceTime, features].</summary>
        public const string MemoryName = "memory";

        /// <summary>Name of a decoder graph's input holding the encoder output's mask, bool [batch, sourceTime], true on real steps.</summary>
        public const string MemoryMaskName = "memory_mask";

        /// <summary>Name of the graph output.</summary>
        public const string OutputName = "output";

        /// <summary>Builds the ONNX model of <paramref name="model"/> from its layer modules and input shape.</summary>
        /// <param name="model">The model to export.</param>
        /// <param name="withState">True for the stateful graph: the recurrent layers' states as inputs and outputs.</param>
        /// <param name="withMemory">True for a decoder whose attention layers attend over the graph inputs
        /// <see cref="MemoryName"/> and <see cref="MemoryMaskName"/> (declared after <c>input</c>) instead of their own input.</param>
        /// <param name="startsDecoder">For a Seq2Seq encoder's stateful graph, its decoder: the graph also outputs the
        /// decoder's initial state (<see cref="OnnxDecoderStart"/>); null for none.</param>
        /// <exception cref="NotSupportedException">A layer cannot be exported; the message names it and says why.</exception>
        /// <exception cref="ArgumentException"><paramref name="withState"/> is true but the model has no recurrent layer,
        /// or <paramref name="startsDecoder"/> is given without <paramref name="withState"/>.</exception>
        public static ModelProto Build(RnnModel model, bool withState, bool withMemory = false, RnnModel? startsDecoder = null)
        {
            if (startsDecoder is not null && !withState)
                throw new ArgumentException($"{model.GetName()} starts the decoder {startsDecoder.GetName()} from its final state, so it needs withState: true.", nameof(withState));
            var shape = model.ModelInputShape;
            bool tokens = model.InputIsTokens;
            if (withState && !model.LayerModules.OfType<RecurrentLayer>().Any())
                throw new ArgumentException(
                    $"{model.GetName()} has no recurrent layer (SimpleRnn, Lstm, Gru), so it has no state to export; export it with withState: false.", nameof(withState));
            var graph = new OnnxGraphBuilder(model.GetName(), withState);
            var dimensions = shape.Select(d => d is int size ? (long?)size : null).ToArray();
            graph.Graph.Input.Add(OnnxGraphBuilder.Value(graph.Name(InputName),
                tokens ? TensorProto.Types.DataType.Int64 : TensorProto.Types.DataType.Float, dimensions, new[] { "batch", "time" }));
            if (withMemory) graph.Memory = DeclareMemory(graph);
            string output = graph.Name(OutputName);
            var flow = new OnnxFlow(InputName, dimensions, tokens, null);
            foreach (var layer in model.LayerModules) flow = layer.ExportOnnx(graph, flow);
            if (startsDecoder is not null) OnnxDecoderStart.Write(graph, model, startsDecoder);
            if (flow.IsTokens)
                throw new NotSupportedException($"{model.GetName()} cannot be exported to ONNX: its output is the int64 token ids themselves.");
            graph.Graph.Node.Add(new NodeProto { OpType = "Identity", Name = graph.Name(OutputName + "/Identity"), Input = { flow.Value }, Output = { output } });
            graph.Graph.Output.Insert(0, OnnxGraphBuilder.Value(output, TensorProto.Types.DataType.Float, flow.Dimensions, new[] { "batch" }));
            var proto = new ModelProto
            {
                IrVersion = IrVersion,
                ProducerName = "Rnn",
                ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
                Graph = graph.Graph,
            };
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxGraphBuilder.Opset });
            return proto;
        }

        /// <summary>Declares the inputs <see cref="MemoryName"/> and <see cref="MemoryMaskName"/> and returns their names.</summary>
        private static (string Value, string Mask) DeclareMemory(OnnxGraphBuilder graph)
        {
            string memory = graph.ExactName(MemoryName), mask = graph.ExactName(MemoryMaskName);
            var names = new[] { "batch", "source_time" };
            graph.Graph.Input.Add(OnnxGraphBuilder.Value(memory, TensorProto.Types.DataType.Float, new long?[] { null, null, null }, names));
            graph.Graph.Input.Add(OnnxGraphBuilder.Value(mask, TensorProto.Types.DataType.Bool, new long?[] { null, null }, names));
            return (memory, mask);
        }

        /// <summary>Builds the ONNX model of <paramref name="model"/> and writes it atomically to <paramref name="path"/>.</summary>
        public static void Write(RnnModel model, string path, bool withState) => Save(Build(model, withState), path);

        /// <summary>Writes <paramref name="proto"/> atomically to <paramref name="path"/>.</summary>
        public static void Save(ModelProto proto, string path) => AtomicFile.WriteStream(path, stream => proto.WriteTo(stream));
    }
}
