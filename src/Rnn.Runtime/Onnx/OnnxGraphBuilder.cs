using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Onnx
{
    /// <summary>
    /// Builds one ONNX graph (opset <see cref="Opset"/>) through the official protobuf classes: unique value names,
    /// float32 and int64 initializers from TorchSharp tensors, nodes with attributes, and the few sub-graphs several layer
    /// modules share (activations, sequence lengths from a mask).
    /// </summary>
    internal sealed class OnnxGraphBuilder
    {
        /// <summary>The default-domain opset the graph uses (17: the first with LayerNormalization).</summary>
        public const long Opset = 17;

        private readonly GraphProto _graph;
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _lengths = new(StringComparer.Ordinal);

        /// <summary>Starts an empty graph named <paramref name="name"/>.</summary>
        /// <param name="name">The graph's name, the model's.</param>
        /// <param name="carriesState">True when each recurrent layer reads its initial state from graph inputs and
        /// writes its final state to graph outputs (<see cref="OnnxStateValues"/>).</param>
        public OnnxGraphBuilder(string name, bool carriesState = false)
        {
            _graph = new GraphProto { Name = name };
            CarriesState = carriesState;
        }

        /// <summary>The graph built so far.</summary>
        public GraphProto Graph => _graph;

        /// <summary>True when the recurrent layers' states are graph inputs and outputs.</summary>
        public bool CarriesState { get; }

        /// <summary>
        /// The graph inputs a decoder's attention layers attend over (float32 [batch, sourceTime, features] and its bool
        /// [batch, sourceTime] mask), or null when attention layers attend over their own input.
        /// </summary>
        public (string Value, string Mask)? Memory { get; set; }

        /// <summary>A value name not used yet in this graph: <paramref name="hint"/>, or <c>hint_1</c>, <c>hint_2</c>, ….</summary>
        public string Name(string hint)
        {
            string name = hint;
            for (int i = 1; !_names.Add(name); i++) name = hint + "_" + i.ToString(CultureInfo.InvariantCulture);
            return name;
        }

        /// <summary>Takes <paramref name="name"/> exactly, for a graph input or output whose name is part of the file's contract.</summary>
        /// <exception cref="InvalidOperationException">The name is taken already.</exception>
        public string ExactName(string name) =>
            _names.Add(name) ? name : throw new InvalidOperationException($"The ONNX value name {name} is used twice in {_graph.Name}.");

        /// <summary>Declares a graph input or output of <paramref name="dimensions"/> (null = a named or anonymous run-time size).</summary>
        public static ValueInfoProto Value(string name, TensorProto.Types.DataType type, IReadOnlyList<long?> dimensions, IReadOnlyList<string?> unknownNames)
        {
            var shape = new TensorShapeProto();
            for (int i = 0; i < dimensions.Count; i++)
            {
                var dimension = new TensorShapeProto.Types.Dimension();
                if (dimensions[i] is long size) dimension.DimValue = size;
                else if (i < unknownNames.Count && unknownNames[i] is string param) dimension.DimParam = param;
                shape.Dim.Add(dimension);
            }
            return new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
            };
        }

        /// <summary>Adds a float32 initializer holding a copy of <paramref name="tensor"/> (any device, detached).</summary>
        /// <exception cref="NotSupportedException">The tensor is not float32.</exception>
        public string Initializer(string hint, Tensor tensor)
        {
            if (tensor.dtype != ScalarType.Float32)
                throw new NotSupportedException($"ONNX export writes float32 weights, but {hint} is {tensor.dtype}; move the model to float32 first.");
            using var scope = NewDisposeScope(); // frees the detached, moved and contiguous copies
            var host = tensor.detach().cpu().contiguous();
            var proto = new TensorProto { Name = Name(hint), DataType = (int)TensorProto.Types.DataType.Float };
            proto.Dims.AddRange(host.shape);
            proto.FloatData.AddRange(host.data<float>().ToArray());
            _graph.Initializer.Add(proto);
            return proto.Name;
        }

        /// <summary>Adds an int64 initializer: a vector of <paramref name="values"/>, or a scalar (rank 0) when <paramref name="scalar"/>.</summary>
        public string Int64s(string hint, long[] values, bool scalar = false)
        {
            var proto = new TensorProto { Name = Name(hint), DataType = (int)TensorProto.Types.DataType.Int64 };
            if (!scalar) proto.Dims.Add(values.Length);
            proto.Int64Data.AddRange(values);
            _graph.Initializer.Add(proto);
            return proto.Name;
        }

        /// <summary>Adds an int32 scalar initializer.</summary>
        public string Int32Scalar(string hint, int value)
        {
            var proto = new TensorProto { Name = Name(hint), DataType = (int)TensorProto.Types.DataType.Int32 };
            proto.Int32Data.Add(value);
            _graph.Initializer.Add(proto);
            return proto.Name;
        }

        /// <summary>Adds a float32 scalar initializer.</summary>
        public string FloatScalar(string hint, float value)
        {
            var proto = new TensorProto { Name = Name(hint), DataType = (int)TensorProto.Types.DataType.Float };
            proto.FloatData.Add(value);
            _graph.Initializer.Add(proto);
            return proto.Name;
        }

        /// <summary>Adds a node with one output and returns the output's name.</summary>
        /// <param name="opType">The ONNX operator, e.g. <c>MatMul</c>.</param>
        /// <param name="hint">Name hint for the node and its output, usually the layer name plus a suffix.</param>
        /// <param name="inputs">Input value names; an empty string skips an optional input.</param>
        /// <param name="attributes">The node's attributes.</param>
        public string Node(string opType, string hint, string[] inputs, params AttributeProto[] attributes) =>
            Node(opType, hint, inputs, 1, attributes)[0];

        /// <summary>Adds a node with <paramref name="outputs"/> outputs and returns their names.</summary>
        public string[] Node(string opType, string hint, string[] inputs, int outputs, params AttributeProto[] attributes)
        {
            var node = new NodeProto { OpType = opType, Name = Name(hint + "/" + opType) };
            node.Input.AddRange(inputs);
            var names = Enumerable.Range(0, outputs).Select(i => Name(outputs == 1 ? hint : hint + "_" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
            node.Output.AddRange(names);
            node.Attribute.AddRange(attributes);
            _graph.Node.Add(node);
            return names;
        }

        /// <summary>An integer attribute.</summary>
        public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

        /// <summary>An integer-list attribute.</summary>
        public static AttributeProto Ints(string name, params long[] values)
        {
            var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
            attribute.Ints.AddRange(values);
            return attribute;
        }

        /// <summary>A float attribute.</summary>
        public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

        /// <summary>A string attribute.</summary>
        public static AttributeProto String(string name, string value) =>
            new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

        /// <summary>A string-list attribute.</summary>
        public static AttributeProto Strings(string name, params string[] values)
        {
            var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
            attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
            return attribute;
        }

        /// <summary>Applies <paramref name="activation"/> (Softmax on the last axis) to <paramref name="value"/>.</summary>
        public string Activate(string value, Activation activation, string hint) => activation switch
        {
            Activation.None => value,
            Activation.Tanh => Node("Tanh", hint, new[] { value }),
            Activation.Relu => Node("Relu", hint, new[] { value }),
            Activation.Sigmoid => Node("Sigmoid", hint, new[] { value }),
            Activation.Softmax => Node("Softmax", hint, new[] { value }, Int("axis", -1)),
            _ => throw new NotSupportedException($"{hint}: the activation {activation} has no ONNX export."),
        };

        /// <summary>Swaps the first two axes of a rank-3 value: batch-major ↔ time-major, or [b, t, f] ↔ [b, f, t] with <paramref name="perm"/>.</summary>
        public string Transpose(string value, string hint, params long[] perm) => Node("Transpose", hint, new[] { value }, Ints("perm", perm));

        /// <summary>The mask as float32 [batch, time, 1], for multiplying features.</summary>
        public string MaskWeights(string mask, string hint)
        {
            string unsqueezed = Node("Unsqueeze", hint + "/mask", new[] { mask, Int64s(hint + "/last_axis", new[] { -1L }) });
            return Node("Cast", hint + "/mask_weights", new[] { unsqueezed }, Int("to", (long)TensorProto.Types.DataType.Float));
        }

        /// <summary>
        /// Pads <paramref name="channels"/> ([batch, features, time]) for a convolution or pooling as Keras's
        /// <paramref name="padding"/> does, returning the value to convolve or pool and its <c>pads</c> attribute. Valid,
        /// Causal and Same for a known time give fixed pads; Same for a variable time pads at run time with TensorFlow's rule
        /// (<see cref="PadSame"/>: ONNX Runtime's <c>auto_pad</c> rejects the negative padding its own rule gives when the
        /// stride exceeds the window).
        /// </summary>
        public (string Value, AttributeProto Pads) PadWindow(string channels, WindowPadding padding, long? time, long span, long strides, float padValue, string hint)
        {
            if (padding == WindowPadding.Same && time is null) return (PadSame(channels, span, strides, padValue, hint), Ints("pads", 0, 0));
            var (before, after) = Windows.Pads(padding, time.GetValueOrDefault(), span, strides); // Valid and Causal pads do not depend on the time
            return (channels, Ints("pads", before, after));
        }

        /// <summary>
        /// Pads the last axis of <paramref name="channels"/> ([batch, features, time], time known only at run time) with
        /// <paramref name="padValue"/> as TensorFlow's Same padding: total = max((⌈time / strides⌉ − 1) × strides + span − time, 0),
        /// half before and the odd step after.
        /// </summary>
        public string PadSame(string channels, long span, long strides, float padValue, string hint)
        {
            string Constant(string label, long value) => Int64s(hint + "/" + label, new[] { value });
            string Op(string op, string label, params string[] inputs) => Node(op, hint + "/" + label, inputs);
            string shape = Op("Shape", "shape", channels);
            string time = Node("Gather", hint + "/time", new[] { shape, Constant("time_axis", 2) }, Int("axis", 0));
            string outputs = Op("Div", "outputs", Op("Add", "time_plus", time, Constant("strides_minus_1", strides - 1)), Constant("strides", strides));
            string covered = Op("Add", "covered", Op("Mul", "starts", Op("Sub", "outputs_minus_1", outputs, Constant("one", 1)), Constant("stride", strides)),
                Constant("span", span));
            string total = Op("Max", "total", Op("Sub", "missing", covered, time), Constant("zero", 0));
            string before = Op("Div", "before", total, Constant("two", 2));
            string after = Op("Sub", "after", total, before);
            string zeros = Int64s(hint + "/no_padding", new[] { 0L, 0L });
            string pads = Node("Concat", hint + "/pads", new[] { zeros, before, zeros, after }, Int("axis", 0));
            return Node("Pad", hint + "/padded", new[] { channels, pads, FloatScalar(hint + "/pad_value", padValue) }, String("mode", "constant"));
        }

        /// <summary>
        /// The int32 [batch] sequence lengths ONNX recurrent operators take as <c>sequence_lens</c>: the number of real steps
        /// of each row of <paramref name="mask"/>. A row without any real step has length 0: ONNX Runtime then gives zeros
        /// for its steps and keeps its initial (zero) state, as the TorchSharp layers do. Built once per mask.
        /// </summary>
        public string SequenceLengths(string mask)
        {
            if (_lengths.TryGetValue(mask, out var known)) return known;
            string hint = mask + "/lengths";
            string counts = Node("Cast", hint + "/int32", new[] { mask }, Int("to", (long)TensorProto.Types.DataType.Int32));
            string lengths = Node("ReduceSum", hint, new[] { counts, Int64s(hint + "/time_axis", new[] { 1L }) }, Int("keepdims", 0));
            _lengths[mask] = lengths;
            return lengths;
        }
    }
}
