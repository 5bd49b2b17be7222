using System;

namespace Rnn
{
    /// <summary>Drops a fraction of its input in training only, scaling the rest up (Keras <c>Dropout</c>).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DropoutAttribute : Attribute
    {
        /// <summary>Creates a Dropout layer.</summary>
        /// <param name="rate">Fraction of the input dropped, in [0, 1).</param>
        public DropoutAttribute(double rate) => Rate = rate;

        /// <summary>Fraction of the input dropped in training.</summary>
        public double Rate { get; }
    }
}
