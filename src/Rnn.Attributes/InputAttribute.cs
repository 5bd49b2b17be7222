using System;

namespace Rnn
{
    /// <summary>
    /// Declares the model input: a sequence of time steps with a number of features each,
    /// shaped [batch, timesteps, features].
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class InputAttribute : Attribute
    {
        /// <summary>Declares an input of shape [batch, <paramref name="timesteps"/>, <paramref name="features"/>].</summary>
        /// <param name="timesteps">Number of time steps (&gt; 0).</param>
        /// <param name="features">Number of features per step (&gt; 0).</param>
        public InputAttribute(int timesteps, int features)
        {
            Timesteps = timesteps;
            Features = features;
        }

        /// <summary>Number of time steps.</summary>
        public int Timesteps { get; }

        /// <summary>Number of features per time step.</summary>
        public int Features { get; }
    }
}
