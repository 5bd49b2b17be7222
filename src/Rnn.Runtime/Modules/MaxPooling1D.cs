using System;
using System.Globalization;
using Rnn.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>MaxPooling1D</c>: [batch, time, features] → [batch, time′, features] with Keras's lengths:
    /// <see cref="WindowPadding.Valid"/> ⌊(time − poolSize) / strides⌋ + 1, <see cref="WindowPadding.Same"/> ⌈time / strides⌉
    /// (padded with −∞, so padding never wins the maximum). Drops the mask.
    /// </summary>
    public sealed class MaxPooling1D : Layer
    {
        private readonly string _kind;

        /// <summary>Creates the layer.</summary>
        /// <param name="name">The layer name, e.g. <c>max_pooling1d</c>.</param>
        /// <param name="poolSize">Steps per window.</param>
        /// <param name="strides">Steps between successive windows (Keras's default is <paramref name="poolSize"/>).</param>
        /// <param name="padding">Valid or Same.</param>
        /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the padding is not Valid or Same.</exception>
        public MaxPooling1D(string name, long poolSize, long strides, WindowPadding padding) : base(name)
        {
            _kind = $"{name} (MaxPooling1D)";
            PoolSize = LayerChecks.Positive(poolSize, _kind, nameof(poolSize));
            Strides = LayerChecks.Positive(strides, _kind, nameof(strides));
            if (padding is not (WindowPadding.Valid or WindowPadding.Same))
                throw new ArgumentOutOfRangeException(nameof(padding), padding, $"{_kind} supports the paddings Valid and Same, not {padding}.");
            Padding = padding;
        }

        /// <summary>Steps per window.</summary>
        public long PoolSize { get; }

        /// <summary>Steps between successive windows.</summary>
        public long Strides { get; }

        /// <summary>Valid or Same.</summary>
        public WindowPadding Padding { get; }

        /// <summary>Takes the maximum of each window; the output has no mask.</summary>
        /// <exception cref="ArgumentException">The input is not [batch, time, features], or with Valid padding it has fewer
        /// steps than <see cref="PoolSize"/>.</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            LayerChecks.Rank(input, 3, _kind, "[batch, time, features]");
            long time = input.size(1);
            var (left, right) = Windows.Pads(Padding, time, PoolSize, Strides);
            if (time + left + right < PoolSize)
                throw new ArgumentException(
                    $"{_kind} with pool size {PoolSize.ToString(CultureInfo.InvariantCulture)} needs at least {PoolSize.ToString(CultureInfo.InvariantCulture)} " +
                    $"timesteps but got {Shape.Format(input.shape)}.", nameof(input));
            using var scope = NewDisposeScope();
            var channels = input.transpose(1, 2);
            if (left + right > 0) channels = nn.functional.pad(channels, (left, right), value: double.NegativeInfinity);
            var output = nn.functional.max_pool1d(channels, PoolSize, Strides).transpose(1, 2);
            return new LayerOutput(LayerChecks.Keep(scope, output), null);
        }

        /// <summary>ONNX MaxPool on [batch, features, time] between two Transposes; padding never wins the maximum.</summary>
        internal override OnnxFlow ExportOnnx(OnnxGraphBuilder graph, OnnxFlow input)
        {
            RequireOnnxInput(input, 3, "[batch, time, features]");
            string name = GetName();
            long? time = input.Dimensions[1];
            string channels = graph.Transpose(input.Value, name + "/channels_first", 0, 2, 1);
            var (padded, pads) = graph.PadWindow(channels, Padding, time, PoolSize, Strides, float.NegativeInfinity, name);
            string pooled = graph.Node("MaxPool", name + "/pool", new[] { padded },
                OnnxGraphBuilder.Ints("kernel_shape", PoolSize), OnnxGraphBuilder.Ints("strides", Strides), pads);
            string output = graph.Transpose(pooled, name, 0, 2, 1);
            return new OnnxFlow(output, new[] { input.Dimensions[0], time is long t ? Windows.OutputLength(t, PoolSize, Strides, Padding) : null, input.Dimensions[2] }, false, null);
        }
    }
}
