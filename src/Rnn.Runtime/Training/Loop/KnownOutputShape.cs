using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// A model's output shape per sample (<see cref="Output"/>) for inputs of given shapes after the sample axis: the output
    /// shape follows from those alone, so inputs shaped the same need no model run (no probe) to learn it.
    /// </summary>
    internal sealed class KnownOutputShape
    {
        private readonly long[][] _inputs; // each input's sizes after the sample axis

        /// <summary>The output shape <paramref name="output"/> that the model gives for samples shaped as <paramref name="inputs"/>'.</summary>
        public KnownOutputShape(IReadOnlyList<Tensor> inputs, long[] output)
        {
            _inputs = inputs.Select(input => Enumerable.Range(1, (int)input.Dimensions - 1).Select(d => input.size(d)).ToArray()).ToArray();
            Output = output;
        }

        /// <summary>The output shape per sample.</summary>
        public long[] Output { get; }

        /// <summary>
        /// <see cref="Output"/> when <paramref name="x"/> (one tensor per input, not yet checked) has the known inputs'
        /// shapes after the sample axis; otherwise null, e.g. for sequences of another length.
        /// </summary>
        public long[]? For(IReadOnlyList<Tensor?>? x)
        {
            if (x is null || x.Count != _inputs.Length) return null;
            for (int i = 0; i < x.Count; i++)
            {
                if (x[i] is not { } input || input.Dimensions != _inputs[i].Length + 1) return null;
                for (int d = 0; d < _inputs[i].Length; d++)
                {
                    if (input.size(d + 1) != _inputs[i][d]) return null;
                }
            }
            return Output;
        }
    }
}
