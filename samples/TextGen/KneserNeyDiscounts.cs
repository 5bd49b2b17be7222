using System;

namespace TextGenSample
{
    /// <summary>
    /// The three discounts of one order of a modified Kneser–Ney model (Chen and Goodman 1998): what is taken from the
    /// count of an n-gram seen once, twice, and three or more times, and given to the lower order.
    /// </summary>
    /// <param name="One">The discount of a count of 1, in [0, 1].</param>
    /// <param name="Two">The discount of a count of 2, in [0, 2].</param>
    /// <param name="ThreeOrMore">The discount of a count of 3 or more, in [0, 3].</param>
    public readonly record struct KneserNeyDiscounts(double One, double Two, double ThreeOrMore)
    {
        /// <summary>
        /// Chen and Goodman's estimate from the count-of-counts of one order (<paramref name="n1"/> n-grams with count 1,
        /// … <paramref name="n4"/> with count 4): <c>Y = n1 / (n1 + 2 n2)</c>, <c>D1 = 1 − 2Y n2/n1</c> (which is Y),
        /// <c>D2 = 2 − 3Y n3/n2</c>, <c>D3+ = 3 − 4Y n4/n3</c>. Where a ratio has no denominator (a tiny text), that
        /// discount is Y, the plain Kneser–Ney discount (0.5 when Y has none either). Each is clamped to [0, its count],
        /// so no n-gram's probability goes below zero.
        /// </summary>
        public static KneserNeyDiscounts Estimate(long n1, long n2, long n3, long n4)
        {
            double y = n1 + 2 * n2 > 0 ? (double)n1 / (n1 + 2 * n2) : 0.5;
            return new KneserNeyDiscounts(
                Clamp(y, 1),
                Clamp(n2 > 0 ? 2 - 3 * y * n3 / n2 : y, 2),
                Clamp(n3 > 0 ? 3 - 4 * y * n4 / n3 : y, 3));
        }

        /// <summary>The discount of an n-gram seen <paramref name="count"/> times (0 for an unseen one).</summary>
        public double For(int count) => count switch
        {
            <= 0 => 0,
            1 => One,
            2 => Two,
            _ => ThreeOrMore,
        };

        private static double Clamp(double discount, int count) => Math.Clamp(discount, 0, count);
    }
}
