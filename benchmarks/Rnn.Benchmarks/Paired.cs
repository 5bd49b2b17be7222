using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace Rnn.Benchmarks
{
    /// <summary>One A/B comparison: the medians of both sides and of the paired ratios A/B.</summary>
    internal sealed record PairedResult(string Name, string A, string B, double MedianA, double MedianB, double MedianRatio,
        double RatioLow, double RatioHigh, int Pairs, string Unit);

    /// <summary>
    /// Runs two sides of a comparison in one process, interleaved (A B, B A, A B, …), so that both see the same machine
    /// state; only the paired ratios mean anything on a machine whose speed changes under it.
    /// </summary>
    internal static class Paired
    {
        public static PairedResult Compare(string name, string aName, Action a, string bName, Action b, int pairs, int warmup = 2,
            int repeat = 1, string unit = "ms")
        {
            for (int i = 0; i < warmup; i++) { a(); b(); }
            var timesA = new List<double>(pairs);
            var timesB = new List<double>(pairs);
            var ratios = new List<double>(pairs);
            for (int i = 0; i < pairs; i++)
            {
                double ta, tb;
                if (i % 2 == 0) { ta = Time(a, repeat); tb = Time(b, repeat); }
                else { tb = Time(b, repeat); ta = Time(a, repeat); }
                timesA.Add(ta);
                timesB.Add(tb);
                ratios.Add(ta / tb);
            }
            ratios.Sort();
            return new PairedResult(name, aName, bName, Median(timesA), Median(timesB), Median(ratios),
                Quantile(ratios, 0.25), Quantile(ratios, 0.75), pairs, unit);
        }

        /// <summary>Milliseconds per call of <paramref name="action"/>, averaged over <paramref name="repeat"/> calls.</summary>
        public static double Time(Action action, int repeat = 1)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < repeat; i++) action();
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds / repeat;
        }

        public static double Median(IEnumerable<double> values) => Quantile(values.OrderBy(v => v).ToList(), 0.5);

        private static double Quantile(IReadOnlyList<double> sorted, double q)
        {
            double position = q * (sorted.Count - 1);
            int low = (int)Math.Floor(position), high = (int)Math.Ceiling(position);
            return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
        }
    }
}
