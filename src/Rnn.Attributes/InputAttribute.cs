using System;

namespace Rnn
{
    /// <summary>
    /// Declares the model input: a sequence of time steps with a number of features each, shaped
    /// [batch, timesteps, features]; or, with one argument, a sequence of int64 token ids [batch, timesteps], which an
    /// <see cref="EmbeddingAttribute"/> must follow.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class InputAttribute : Attribute
    {
        /// <summary>Declares an input of int64 token ids, shape [batch, <paramref name="timesteps"/>].</summary>
        /// <param name="timesteps">Number of time steps (&gt; 0), or <see cref="Dim.Variable"/> for any length.</param>
        public InputAttribute(int timesteps)
        {
            Timesteps = timesteps;
        }

        /// <summary>Declares an input of shape [batch, <paramref name="timesteps"/>, <paramref name="features"/>].</summary>
        /// <param name="timesteps">Number of time steps (&gt; 0), or <see cref="Dim.Variable"/> for any length.</param>
        /// <param name="features">Number of features per step (&gt; 0).</param>
        public InputAttribute(int timesteps, int features)
        {
            Timesteps = timesteps;
            Features = features;
        }

        /// <summary>Number of time steps.</summary>
        public int Timesteps { get; }

        /// <summary>Number of features per time step; 0 for an input of token ids.</summary>
        public int Features { get; }
    }
}
