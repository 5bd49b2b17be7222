using System;
using System.Globalization;
using Rnn.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>Conv1D</c>: [batch, time, inputSize] → [batch, time′, filters], with Keras's output lengths for
    /// <see cref="WindowPadding.Valid"/> (⌊(time − span) / strides⌋ + 1, span = dilationRate × (kernelSize − 1) + 1),
    /// <see cref="WindowPadding.Same"/> (⌈time / strides⌉, the extra padding on the right as TensorFlow) and
    /// <see cref="WindowPadding.Causal"/> (⌈time / strides⌉, all padding on the left). Drops the mask.
    /// Parameters as <c>torch.nn.Conv1d</c>: <c>weight</c> [filters, inputSize, kernelSize] (Glorot uniform) and
    /// <c>bias</c> [filters] (zeros).
    /// </summary>
    public sealed class Conv1D : Layer
    {
        private readonly string _kind;
#pragma warning disable IDE1006 // the field names are the parameter names, as torch.nn.Conv1d's
        private Parameter weight;
        private Parameter bias;
#pragma warning restore IDE1006

        /// <summary>Creates the layer with Keras's initialisers: Glorot-uniform kernel, zero bias.</summary>
        /// <param name="name">The layer name, e.g. <c>conv1d</c>.</param>
        /// <param name="inputSize">Features per input step.</param>
        /// <param name="filters">Features per output step.</param>
        /// <param name="kernelSize">Steps each filter spans (before dilation).</param>
        /// <param name="strides">Steps between successive windows.</param>
        /// <param name="dilationRate">Spacing between the kernel's taps.</param>
        /// <param name="padding">Valid, Same or Causal.</param>
        /// <param name="activation">Applied to the output.</param>
        /// <param name="generator">Source of the initial weights, or null for TorchSharp's global generator.</param>
        /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or <paramref name="padding"/> is unknown.</exception>
        public Conv1D(string name, long inputSize, long filters, long kernelSize, long strides, long dilationRate, WindowPadding padding,
            Activation activation, Generator? generator) : base(name)
        {
            _kind = $"{name} (Conv1D)";
            InputSize = LayerChecks.Positive(inputSize, _kind, nameof(inputSize));
            Filters = LayerChecks.Positive(filters, _kind, nameof(filters));
            KernelSize = LayerChecks.Positive(kernelSize, _kind, nameof(kernelSize));
            Strides = LayerChecks.Positive(strides, _kind, nameof(strides));
            DilationRate = LayerChecks.Positive(dilationRate, _kind, nameof(dilationRate));
            if (!Enum.IsDefined(padding))
                throw new ArgumentOutOfRangeException(nameof(padding), padding, $"{_kind}: unknown padding {padding}.");
            Padding = padding;
            Activation = activation;
            weight = Initializers.NewParameter(filters, inputSize, kernelSize);
            bias = Initializers.NewParameter(filters);
            Initializers.GlorotUniform(weight, fanIn: inputSize * kernelSize, fanOut: filters * kernelSize, generator);
            Initializers.Constant(bias, 0);
            RegisterComponents();
        }

        /// <summary>Features per input step.</summary>
        public long InputSize { get; }

        /// <summary>Features per output step.</summary>
        public long Filters { get; }

        /// <summary>Steps each filter spans before dilation.</summary>
        public long KernelSize { get; }

        /// <summary>Steps between successive windows.</summary>
        public long Strides { get; }

        /// <summary>Spacing between the kernel's taps.</summary>
        public long DilationRate { get; }

        /// <summary>Valid, Same or Causal.</summary>
        public WindowPadding Padding { get; }

        /// <summary>The activation applied to the output.</summary>
        public Activation Activation { get; }

        /// <summary>Convolves over time; the output has no mask.</summary>
        /// <exception cref="ArgumentException">The input is not [batch, time, <see cref="InputSize"/>], or with Valid padding
        /// it has fewer steps than the dilated kernel spans.</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            string expected = $"[batch, time, {InputSize.ToString(CultureInfo.InvariantCulture)}]";
            LayerChecks.Rank(input, 3, _kind, expected);
            if (input.size(2) != InputSize)
                throw new ArgumentException($"{_kind} expects input {expected} but got {Shape.Format(input.shape)}.", nameof(input));
            long time = input.size(1), span = Windows.Span(KernelSize, DilationRate);
            var (left, right) = Windows.Pads(Padding, time, span, Strides);
            if (time + left + right < span)
                throw new ArgumentException(
                    $"{_kind} with kernel {KernelSize.ToString(CultureInfo.InvariantCulture)} and dilation {DilationRate.ToString(CultureInfo.InvariantCulture)} " +
                    $"needs at least {span.ToString(CultureInfo.InvariantCulture)} timesteps but got {Shape.Format(input.shape)}.", nameof(input));
            using var scope = NewDisposeScope();
            var channels = input.transpose(1, 2);
            if (left + right > 0) channels = nn.functional.pad(channels, (left, right));
            var convolved = nn.functional.conv1d(channels, weight, bias, stride: Strides, padding: 0, dilation: DilationRate);
            var output = Activations.Apply(convolved.transpose(1, 2), Activation);
            return new LayerOutput(LayerChecks.Keep(scope, output), null);
        }

        /// <summary>
        /// ONNX Conv on [batch, features, time] between two Transposes. Valid and Causal pads are fixed; Same pads are
        /// computed from a known time length, or at run time (TensorFlow's rule, the odd step after) for a variable one.
        /// </summary>
        internal override OnnxFlow ExportOnnx(OnnxGraphBuilder graph, OnnxFlow input)
        {
            RequireOnnxInput(input, 3, $"[batch, time, {InputSize.ToString(CultureInfo.InvariantCulture)}]");
            string name = GetName();
            long? time = input.Dimensions[1];
            long span = Windows.Span(KernelSize, DilationRate);
            var attributes = new System.Collections.Generic.List<global::Onnx.AttributeProto>
            {
                OnnxGraphBuilder.Ints("kernel_shape", KernelSize),
                OnnxGraphBuilder.Ints("strides", Strides),
                OnnxGraphBuilder.Ints("dilations", DilationRate),
            };
            string channels = graph.Transpose(input.Value, name + "/channels_first", 0, 2, 1);
            var (padded, pads) = graph.PadWindow(channels, Padding, time, span, Strides, 0f, name);
            attributes.Add(pads);
            string convolved = graph.Node("Conv", name + "/conv", new[] { padded, graph.Initializer(name + ".weight", weight), graph.Initializer(name + ".bias", bias) },
                attributes.ToArray());
            string steps = graph.Transpose(convolved, name + "/steps_first", 0, 2, 1);
            string output = graph.Activate(steps, Activation, name + "/" + Activation.ToString().ToLowerInvariant());
            return new OnnxFlow(output, new[] { input.Dimensions[0], time is long t ? Windows.OutputLength(t, span, Strides, Padding) : null, Filters }, false, null);
        }
    }
}
