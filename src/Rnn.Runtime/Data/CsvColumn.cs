using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CsvHelper;

namespace Rnn.Data
{
    /// <summary>
    /// Loads one numeric column of a CSV file with a header row (read by CsvHelper: RFC 4180 quoting, the separator
    /// detected among <c>,</c> <c>;</c> tab and <c>|</c>, numbers in invariant culture). Missing values are never
    /// passed on silently: <see cref="MissingValues"/> says whether they are dropped or interpolated.
    /// </summary>
    public static class CsvColumn
    {
        private static readonly string[] MissingMarkers = { "", "NA", "N/A", "NaN", "null" };

        /// <summary>
        /// Reads the column named <paramref name="column"/> (exact name first, then ignoring case and surrounding
        /// spaces). A value is missing when its cell is empty or reads <c>NA</c>, <c>N/A</c>, <c>NaN</c> or
        /// <c>null</c> (any case); any other value that is not a number is an error.
        /// </summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="ArgumentException">The file has no such column; the message lists the columns it has.</exception>
        /// <exception cref="InvalidDataException">A value is not a number, a row has a different number of fields
        /// than the header, or the column has no value at all; the message names the file, row and column.</exception>
        public static CsvColumnData Load(string path, string column, MissingValues missing)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            ArgumentException.ThrowIfNullOrEmpty(column);
            if (!Enum.IsDefined(missing))
                throw new ArgumentOutOfRangeException(nameof(missing), missing, $"CsvColumn.Load: missing must be Drop or Interpolate, got {(int)missing}.");
            if (!File.Exists(path)) throw new FileNotFoundException($"The CSV file '{path}' does not exist.", path);
            var (name, raw) = Read(path, column);
            if (raw.All(v => v is null))
                throw new InvalidDataException($"The CSV file '{path}' has no value in column '{name}' ({raw.Count} data rows).");
            if (missing == MissingValues.Interpolate) return Interpolate(name, raw);
            double[] kept = raw.Where(v => v is not null).Select(v => v!.Value).ToArray();
            return new CsvColumnData(name, kept, new bool[kept.Length], raw.Count);
        }

        private static (string Name, List<double?> Values) Read(string path, string column)
        {
            var options = CsvReaderOptions.Default with
            {
                FieldCountMismatch = CsvFieldCountHandling.Throw,
                MalformedData = CsvMalformedDataHandling.Throw,
                TrackLineNumbers = true,
            };
            try
            {
                using var csv = CsvReader.FromFile(path, options);
                csv.ReadHeader();
                if (!csv.TryGetFieldIndex(column, out int index))
                    throw new ArgumentException(
                        $"The CSV file '{path}' has no column '{column}'; its columns are: {string.Join(", ", csv.Headers.Select(h => $"'{h}'"))}.",
                        nameof(column));
                string name = csv.Headers[index];
                var values = new List<double?>();
                while (csv.Read()) values.Add(Parse(path, name, csv.RowNumber, csv.GetString(index)));
                return (name, values);
            }
            catch (Exception e) when (e is CsvFormatException or CsvValidationException)
            {
                throw new InvalidDataException($"The CSV file '{path}' is malformed: {e.Message}", e);
            }
        }

        private static double? Parse(string path, string column, long row, string text)
        {
            string value = text.Trim();
            if (MissingMarkers.Any(m => string.Equals(m, value, StringComparison.OrdinalIgnoreCase))) return null;
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number))
                return number;
            throw new InvalidDataException(
                $"The CSV file '{path}' has '{text}' in column '{column}' of data row {row}: expected a number " +
                "(invariant culture, e.g. 315.7) or an empty cell, NA, N/A, NaN or null for a missing value.");
        }

        private static CsvColumnData Interpolate(string name, List<double?> raw)
        {
            int first = raw.FindIndex(v => v is not null), last = raw.FindLastIndex(v => v is not null);
            var values = new double[last - first + 1];
            var isFilled = new bool[values.Length];
            int previous = first;
            for (int i = first; i <= last; i++)
            {
                if (raw[i] is not double v) continue;
                values[i - first] = v;
                double start = raw[previous]!.Value;
                for (int j = previous + 1; j < i; j++)
                {
                    values[j - first] = start + (v - start) * (j - previous) / (i - previous);
                    isFilled[j - first] = true;
                }
                previous = i;
            }
            return new CsvColumnData(name, values, isFilled, raw.Count);
        }
    }
}
