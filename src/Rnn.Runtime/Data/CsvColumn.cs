using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CsvHelper;
using Rnn.IO;

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
        /// <exception cref="ArgumentException">The file has no such column (the message lists the columns it has), or the
        /// path is a folder, a named pipe or a device.</exception>
        /// <exception cref="InvalidDataException">The file is empty, two columns have the name (both exactly, or both
        /// ignoring case and spaces where none matches exactly), a value is not a number, a row has a different number of
        /// fields than the header, or the column has no value at all; the message names the file, row and column.</exception>
        public static CsvColumnData Load(string path, string column, MissingValues missing)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            ArgumentException.ThrowIfNullOrEmpty(column);
            if (!Enum.IsDefined(missing))
                throw new ArgumentOutOfRangeException(nameof(missing), missing, $"CsvColumn.Load: missing must be Drop or Interpolate, got {(int)missing}.");
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
                using var csv = CsvReader.Create(RegularFile.OpenRead(path, "CSV file"), options, leaveOpen: false);
                csv.ReadHeader();
                int index = ColumnIndex(path, csv.Headers, column);
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

        /// <summary>
        /// The index of the header <paramref name="column"/>: the column of exactly that name, else the one that matches
        /// ignoring case and surrounding spaces. Two candidates (of the same kind) make it ambiguous.
        /// </summary>
        private static int ColumnIndex(string path, IReadOnlyList<string> headers, string column)
        {
            if (headers.Count == 0)
                throw new InvalidDataException($"The CSV file '{path}' is empty: it has no header row, so no column '{column}'.");
            var exact = Enumerable.Range(0, headers.Count).Where(i => headers[i] == column).ToList();
            var matches = exact.Count > 0 ? exact
                : Enumerable.Range(0, headers.Count).Where(i => string.Equals(headers[i].Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 0)
                throw new ArgumentException(
                    $"The CSV file '{path}' has no column '{column}'; its columns are: {string.Join(", ", headers.Select(h => $"'{h}'"))}.",
                    nameof(column));
            if (matches.Count > 1)
                throw new InvalidDataException(
                    $"The CSV file '{path}' has {matches.Count} columns named '{column}' (columns {Numbers(matches.Select(i => i + 1))}: " +
                    $"{string.Join(", ", matches.Select(i => $"'{headers[i]}'"))}); rename all but one so that the column is unambiguous.");
            return matches[0];
        }

        /// <summary>Numbers as a list: <c>1 and 2</c>, <c>1, 2 and 5</c>.</summary>
        private static string Numbers(IEnumerable<int> numbers)
        {
            var text = numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)).ToList();
            return string.Join(", ", text.Take(text.Count - 1)) + " and " + text[^1];
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
