using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>The activations Dense and Conv1D apply to their output.</summary>
    internal static class Activations
    {
        /// <summary>Applies <paramref name="activation"/>; Softmax acts on the last axis, None returns the input.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a known activation.</exception>
        public static Tensor Apply(Tensor input, Activation activation) => activation switch
        {
            Activation.None => input,
            Activation.Tanh => input.tanh(),
            Activation.Relu => nn.functional.relu(input),
            Activation.Sigmoid => input.sigmoid(),
            Activation.Softmax => input.softmax(-1),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
        };
    }
}
