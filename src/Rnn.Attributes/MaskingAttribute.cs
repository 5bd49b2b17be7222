using System;

namespace Rnn
{
    /// <summary>
    /// Masks padding in float sequences (Keras <c>Masking</c>): a time step whose features all equal the mask value is
    /// padding, skipped by the recurrent layers and pooling after it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class MaskingAttribute : Attribute
    {
        /// <summary>Creates a Masking layer.</summary>
        /// <param name="maskValue">The feature value that marks padding.</param>
        public MaskingAttribute(double maskValue = 0.0) => MaskValue = maskValue;

        /// <summary>The feature value that marks padding.</summary>
        public double MaskValue { get; }
    }
}
