using System;
using System.Globalization;

namespace Rnn.IO
{
    /// <summary>
    /// The most bytes a weights reader holds for one file: the file itself and, for a <c>.pt</c> zip archive, the
    /// tensor values it inflates to. A file over the limit is refused before its values are read, so a small crafted file
    /// cannot make a load take gigabytes.
    /// </summary>
    /// <param name="Bytes">The limit.</param>
    /// <param name="Description">The limit as messages give it after "more than", e.g. <c>the 67,142,994 bytes a weights file of this model may have (its weights take 33,130)</c>.</param>
    internal readonly record struct ReadLimit(long Bytes, string Description)
    {
        /// <summary>What a file may hold beyond a model's weights: names, headers, checksums, a <c>.pt</c> file's pickle.</summary>
        public const long Structure = 64L << 20;

        /// <summary>No limit but what one array holds.</summary>
        public static ReadLimit None => new(Array.MaxLength, $"the {Count(Array.MaxLength)} bytes Rnn reads from one file");

        /// <summary>The limit for a weights file of a model whose weights take <paramref name="weightBytes"/> bytes: those and <see cref="Structure"/>.</summary>
        public static ReadLimit ForWeights(long weightBytes)
        {
            long bytes = Math.Min(weightBytes + Structure, Array.MaxLength);
            return new(bytes, $"the {Count(bytes)} bytes a weights file of this model may have (its weights take {Count(weightBytes)})");
        }

        private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    }
}
