using System.Collections.Generic;

namespace ForecastSample
{
    /// <summary>
    /// Keeps interpolation causal at the train/test boundary. A gap filled by interpolation takes its values from the
    /// real values on both sides; when the gap ends the training part and its right-hand value lies in the test part,
    /// those training values would carry test information. They are refilled with the last real training value
    /// instead (the only value known at that time), for the model and the baselines alike.
    /// </summary>
    public static class SplitGaps
    {
        /// <summary>
        /// <paramref name="values"/> with the interpolated values at the end of the first <paramref name="trainCount"/>
        /// refilled with the last real value before them, and how many were refilled (0 when the training part ends
        /// with a real value).
        /// </summary>
        public static (double[] Values, int Refilled) CarryTrainingTail(IReadOnlyList<double> values, IReadOnlyList<bool> isFilled, int trainCount)
        {
            var result = new double[values.Count];
            for (int i = 0; i < result.Length; i++) result[i] = values[i];
            int lastReal = trainCount - 1;
            while (lastReal >= 0 && isFilled[lastReal]) lastReal--;
            if (lastReal < 0) return (result, 0); // no real training value: nothing to carry (the split rejects such data)
            for (int i = lastReal + 1; i < trainCount; i++) result[i] = values[lastReal];
            return (result, trainCount - 1 - lastReal);
        }
    }
}
