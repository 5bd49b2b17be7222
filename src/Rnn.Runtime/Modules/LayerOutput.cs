using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// A layer's output and the mask that goes with it (Keras's <c>compute_mask</c>).
    /// </summary>
    /// <param name="Output">The layer's output tensor.</param>
    /// <param name="Mask">bool [batch, time], true on real steps; null when the output has no time axis or the layer drops the mask.</param>
    public readonly record struct LayerOutput(Tensor Output, Tensor? Mask);
}
