using System;
using Rnn.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Base of every layer module: a TorchSharp module that owns its parameters (under the names of the equivalent
    /// <c>torch.nn</c> module), its Keras initialisers and its forward pass with masks.
    /// </summary>
    /// <remarks>
    /// Masks are bool [batch, time], true on real steps; null means no mask. A layer's temporaries are freed by its own
    /// dispose scope; only the output (and a newly made mask) reach the caller's scope.
    /// </remarks>
    public abstract class Layer : nn.Module
    {
        /// <summary>Creates the layer named <paramref name="name"/>, making sure TorchSharp's native library loads first.</summary>
        /// <param name="name">The Keras-like layer name, e.g. <c>simple_rnn</c>; the model's parameter prefix.</param>
        protected Layer(string name) : base(EnsureNative(name)) { }

        /// <summary>Runs the layer on <paramref name="input"/> with its optional <paramref name="mask"/>.</summary>
        /// <param name="input">The previous layer's output (or the model input).</param>
        /// <param name="mask">bool [batch, time], true on real steps, or null.</param>
        /// <returns>The output and the mask that goes with it.</returns>
        public abstract LayerOutput Forward(Tensor input, Tensor? mask);

        /// <summary>
        /// Checks the model's whole input once per input argument of <see cref="O:Rnn.RnnModel.Fit"/> (<c>x</c>, and
        /// <c>validationData.X</c>), <see cref="RnnModel.Evaluate"/> and <see cref="RnnModel.Predict"/>, before any step,
        /// after the model's own checks of its rank, element type and sample count. Only the layer that reads the model
        /// input is asked: the first layer registered directly on the model. So it can check all of it here at once (e.g.
        /// <see cref="Embedding"/>'s ids) instead of on every step; the default checks nothing. For each batch of a
        /// <see cref="DataSource"/> with a <see cref="DataSource.Prefetch"/> it runs on the background thread that made
        /// the batch, while Fit trains: read no state that training changes.
        /// </summary>
        /// <param name="input">The model input as the caller gave it, [samples, …].</param>
        /// <param name="caller">The call, e.g. <c>TextModel.Fit</c>, to start the message with.</param>
        /// <param name="argument">The argument that holds <paramref name="input"/>, e.g. <c>x</c> or <c>validationData.X</c>.</param>
        /// <exception cref="ArgumentException">The input does not fit this layer; the message starts with
        /// <paramref name="caller"/> and <paramref name="argument"/>, and the parameter name is <paramref name="argument"/>.</exception>
        protected internal virtual void CheckModelInput(Tensor input, string caller, string argument) { }

        /// <summary>
        /// Adds this layer to an ONNX graph: reads <paramref name="input"/> (value, dimensions, mask) and returns what
        /// flows on, as <see cref="Forward"/> does in evaluation mode.
        /// </summary>
        /// <exception cref="NotSupportedException">This layer cannot be exported; the message names it and says why.
        /// The default: a layer kind without an ONNX export.</exception>
        internal virtual OnnxFlow ExportOnnx(OnnxGraphBuilder graph, OnnxFlow input) =>
            throw new NotSupportedException($"{GetName()} ({GetType().Name}) cannot be exported to ONNX: its layer kind has no ONNX export.");

        /// <summary>Throws <see cref="NotSupportedException"/> unless <paramref name="input"/> is a float32 value of rank <paramref name="rank"/> (any rank when null).</summary>
        internal void RequireOnnxInput(OnnxFlow input, int? rank, string expected)
        {
            if (input.IsTokens || (rank is int r && input.Rank != r))
                throw new NotSupportedException(
                    $"{GetName()} ({GetType().Name}) cannot be exported to ONNX: it expects {expected} but gets {(input.IsTokens ? "int64 token ids" : "float32")} of rank {input.Rank}.");
        }

        private static string EnsureNative(string name)
        {
            NativeSetup.EnsureLoaded();
            return name;
        }
    }
}
