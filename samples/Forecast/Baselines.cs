using System;
using System.Collections.Generic;

namespace ForecastSample
{
    /// <summary>
    /// The two naive forecasts a model has to beat, scored like the model: from every forecast origin <c>t</c> (the
    /// last observed step) the next <c>horizon</c> steps are forecast, and the mean absolute error is taken over all
    /// origins and steps, in the series' units.
    /// </summary>
    public static class Baselines
    {
        /// <summary>Persistence: every future step equals the last observed value, <c>ŷ[t+h] = y[t]</c>.</summary>
        public static double PersistenceMae(IReadOnlyList<double> series, int firstOrigin, int horizon) =>
            Mae(series, firstOrigin, horizon, (t, h) => series[t]);

        /// <summary>
        /// Seasonal naive: every future step equals the value one season earlier, <c>ŷ[t+h] = y[t+h-season·k]</c>
        /// with the smallest <c>k</c> that lands on an observed step (<c>k = ceil(h / season)</c>).
        /// </summary>
        /// <exception cref="ArgumentException">The first origin has less than one season of history.</exception>
        public static double SeasonalNaiveMae(IReadOnlyList<double> series, int firstOrigin, int horizon, int season)
        {
            if (firstOrigin + 1 < season)
                throw new ArgumentException(
                    $"The seasonal naive forecast needs a season of {season} steps before the first forecast, but only {firstOrigin + 1} are there.",
                    nameof(season));
            return Mae(series, firstOrigin, horizon, (t, h) => series[t + h - season * ((h + season - 1) / season)]);
        }

        /// <summary>The forecast origins: every step from <paramref name="firstOrigin"/> that still has <paramref name="horizon"/> steps after it.</summary>
        public static int OriginCount(int length, int firstOrigin, int horizon) => length - horizon - firstOrigin;

        private static double Mae(IReadOnlyList<double> series, int firstOrigin, int horizon, Func<int, int, double> forecast)
        {
            int origins = OriginCount(series.Count, firstOrigin, horizon);
            if (origins < 1)
                throw new ArgumentException($"No forecast origin from step {firstOrigin} leaves {horizon} steps in a series of {series.Count}.");
            double sum = 0;
            for (int t = firstOrigin; t < firstOrigin + origins; t++)
                for (int h = 1; h <= horizon; h++)
                    sum += Math.Abs(series[t + h] - forecast(t, h));
            return sum / (origins * (double)horizon);
        }
    }
}
