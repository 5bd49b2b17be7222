using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// A batch's position weights (1 on real steps, 0 on padded ones) as the built-in metrics use them: float64, with
    /// their sum read once. Made once per batch and shared by every <see cref="MeanMetric"/>, so a masked batch converts
    /// and sums its mask once, not once per metric. The tensor belongs to the caller's dispose scope.
    /// </summary>
    internal readonly struct MeanMetricWeights
    {
        /// <summary>Converts <paramref name="weights"/> (float32 [batch, time]) and reads their sum.</summary>
        public MeanMetricWeights(Tensor weights)
        {
            Values = weights.to_type(ScalarType.Float64);
            using var sum = Values.sum();
            Sum = sum.Value();
        }

        /// <summary>The weights as float64.</summary>
        public Tensor Values { get; }

        /// <summary>The sum of the weights, as the metrics' count.</summary>
        public double Sum { get; }
    }
}
