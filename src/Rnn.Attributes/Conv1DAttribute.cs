using System;

namespace Rnn
{
    /// <summary>
    /// A 1-D convolution over time (Keras <c>Conv1D</c>): [batch, time, features] → [batch, time′, filters], with
    /// Keras's output lengths for each <see cref="WindowPadding"/> (the <see cref="Padding"/> option). Parameters: kernelSize × features × filters + filters.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class Conv1DAttribute : Attribute
    {
        /// <summary>Creates a Conv1D layer.</summary>
        /// <param name="filters">Output features (&gt; 0).</param>
        /// <param name="kernelSize">Time steps each window spans (&gt; 0).</param>
        /// <param name="activation">Activation applied to the output; <see cref="Rnn.Activation.None"/> (default) is linear.</param>
        public Conv1DAttribute(int filters, int kernelSize, Activation activation = Activation.None)
        {
            Filters = filters;
            KernelSize = kernelSize;
            Activation = activation;
        }

        /// <summary>Output features.</summary>
        public int Filters { get; }

        /// <summary>Time steps each window spans.</summary>
        public int KernelSize { get; }

        /// <summary>The output activation.</summary>
        public Activation Activation { get; }

        /// <summary>Steps between successive windows (&gt; 0, default 1).</summary>
        public int Strides { get; set; } = 1;

        /// <summary>Spacing between the steps a window reads (&gt; 0, default 1).</summary>
        public int DilationRate { get; set; } = 1;

        /// <summary>How the time axis is padded: <see cref="Rnn.WindowPadding.Valid"/> (default), Same or Causal.</summary>
        public WindowPadding Padding { get; set; }
    }
}
