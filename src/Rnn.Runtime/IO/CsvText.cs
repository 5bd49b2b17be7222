using System;
using System.Globalization;

namespace Rnn.IO
{
    /// <summary>The fields of the CSV files Rnn writes (<c>History.ToCsv</c>, <c>CSVLogger</c>), as RFC 4180 quotes them.</summary>
    internal static class CsvText
    {
        private static readonly char[] QuoteOrLineBreak = { '"', '\r', '\n' };

        /// <summary>
        /// <paramref name="field"/> in quotes, with inner quotes doubled, when it holds <paramref name="separator"/>, a quote
        /// or a line break; otherwise as it is.
        /// </summary>
        public static string Field(string field, string separator) =>
            field.Contains(separator, StringComparison.Ordinal) || field.IndexOfAny(QuoteOrLineBreak) >= 0
                ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                : field;

        /// <summary><paramref name="value"/> as a field: culture-invariant, and read back to the same bits.</summary>
        public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
