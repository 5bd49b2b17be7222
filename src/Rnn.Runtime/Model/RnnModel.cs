using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Base type of every generated model: a TorchSharp <c>Module&lt;Tensor, Tensor&gt;</c>, so <c>parameters()</c>,
    /// <c>save</c>/<c>load</c>, <c>train()</c>/<c>eval()</c> and <c>call</c> work, plus Keras-style training.
    /// </summary>
    public abstract partial class RnnModel : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the model named <paramref name="name"/>, making sure TorchSharp's native library loads first.</summary>
        protected RnnModel(string name) : base(EnsureNative(name)) { }

        /// <summary>Runs the model: [batch, timesteps, features] → the declared output shape.</summary>
        public abstract Tensor Forward(Tensor input);

        /// <summary>
        /// Runs the model and returns its output with the mask that goes with it: bool [batch, time], true on real steps,
        /// when the output keeps a time axis that a mask-producing layer (<c>Embedding</c> with <c>MaskZero</c>,
        /// <c>Masking</c>) marked; otherwise null. Training uses the mask for per-step losses.
        /// </summary>
        /// <param name="input">The model input, as for <see cref="Forward"/>.</param>
        /// <returns>The output of <see cref="Forward"/> and its mask; this default returns <c>(Forward(input), null)</c>.</returns>
        public virtual (Tensor Output, Tensor? Mask) ForwardWithMask(Tensor input) => (Forward(input), null);

        /// <summary>The Keras-style summary table: layers, output shapes and parameter counts.</summary>
        public abstract string Summary();

        /// <inheritdoc/>
        public sealed override Tensor forward(Tensor input) => Forward(input);

        private static string EnsureNative(string name)
        {
            NativeSetup.EnsureLoaded();
            return name;
        }
    }
}
