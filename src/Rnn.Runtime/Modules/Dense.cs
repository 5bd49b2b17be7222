using System;
using System.Globalization;
using System.Linq;
using Rnn.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>Dense</c>, acting on the last axis: [..., inputSize] → [..., units]; passes the mask through.
    /// Parameters as <c>torch.nn.Linear</c>: <c>weight</c> [units, inputSize] (Glorot uniform) and <c>bias</c> [units] (zeros).
    /// </summary>
    public sealed class Dense : Layer
    {
        private readonly string _kind;
#pragma warning disable IDE1006 // the field names are the parameter names, as torch.nn.Linear's
        private Parameter weight;
        private Parameter bias;
#pragma warning restore IDE1006

        /// <summary>Creates the layer with Keras's initialisers: Glorot-uniform kernel, zero bias.</summary>
        /// <param name="name">The layer name, e.g. <c>dense</c>.</param>
        /// <param name="inputSize">Features in.</param>
        /// <param name="units">Features out.</param>
        /// <param name="activation">Applied to the output; Softmax acts on the last axis.</param>
        /// <param name="generator">Source of the initial weights, or null for TorchSharp's global generator.</param>
        /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
        public Dense(string name, long inputSize, long units, Activation activation, Generator? generator) : base(name)
        {
            _kind = $"{name} (Dense)";
            InputSize = LayerChecks.Positive(inputSize, _kind, nameof(inputSize));
            Units = LayerChecks.Positive(units, _kind, nameof(units));
            Activation = activation;
            weight = Initializers.NewParameter(units, inputSize);
            bias = Initializers.NewParameter(units);
            Initializers.GlorotUniform(weight, fanIn: inputSize, fanOut: units, generator);
            Initializers.Constant(bias, 0);
            RegisterComponents();
        }

        /// <summary>Features in.</summary>
        public long InputSize { get; }

        /// <summary>Features out.</summary>
        public long Units { get; }

        /// <summary>The activation applied to the output.</summary>
        public Activation Activation { get; }

        /// <summary>Runs the layer on the last axis of <paramref name="input"/>; the mask passes through.</summary>
        /// <exception cref="ArgumentException">The last axis of the input is not <see cref="InputSize"/>.</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            LayerChecks.LastAxis(input, InputSize, _kind);
            using var scope = NewDisposeScope();
            var output = Activations.Apply(nn.functional.linear(input, weight, bias), Activation);
            return new LayerOutput(LayerChecks.Keep(scope, output), mask);
        }

        /// <summary>MatMul with the transposed kernel, Add, the activation: on the last axis, the mask passed through.</summary>
        internal override OnnxFlow ExportOnnx(OnnxGraphBuilder graph, OnnxFlow input)
        {
            RequireOnnxInput(input, null, $"[..., {InputSize.ToString(CultureInfo.InvariantCulture)}]");
            string name = GetName();
            string kernel;
            using (NewDisposeScope()) kernel = graph.Initializer(name + ".kernel", weight.detach().t()); // [inputSize, units]
            string product = graph.Node("MatMul", name + "/matmul", new[] { input.Value, kernel });
            string sum = graph.Node("Add", name + "/add", new[] { product, graph.Initializer(name + ".bias", bias) });
            string output = graph.Activate(sum, Activation, name + "/" + Activation.ToString().ToLowerInvariant());
            var dimensions = input.Dimensions.Take(input.Rank - 1).Append(Units).ToArray();
            return input with { Value = output, Dimensions = dimensions };
        }
    }
}
