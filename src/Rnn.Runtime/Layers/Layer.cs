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

        private static string EnsureNative(string name)
        {
            NativeSetup.EnsureLoaded();
            return name;
        }
    }
}
