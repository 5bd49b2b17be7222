using System.Collections.Generic;

namespace Rnn.Data
{
    /// <summary>The values of one CSV column, loaded by <see cref="CsvColumn.Load"/>, and what was done about gaps.</summary>
    public sealed class CsvColumnData
    {
        internal CsvColumnData(string column, double[] values, int rows, int missing, int filled, int dropped, bool[]? isFilled = null)
        {
            IsFilled = isFilled ?? new bool[values.Length];
            Column = column;
            Values = values;
            Rows = rows;
            Missing = missing;
            Filled = filled;
            Dropped = dropped;
        }

        /// <summary>
        /// For each of <see cref="Values"/>: true when the value was missing and filled by interpolation. An interpolated
        /// value depends on the next real value after its gap; a model split chronologically must not train on one
        /// whose next real value lies in its test part (see <see cref="TimeSeries.ChronologicalSplit"/>).
        /// </summary>
        public IReadOnlyList<bool> IsFilled { get; }

        /// <summary>The column's header name as it appears in the file.</summary>
        public string Column { get; }

        /// <summary>The values, in file order, with no missing value left.</summary>
        public IReadOnlyList<double> Values { get; }

        /// <summary>The number of data rows in the file (the header not counted).</summary>
        public int Rows { get; }

        /// <summary>How many rows had no value in the column.</summary>
        public int Missing { get; }

        /// <summary>How many missing values were filled by interpolation.</summary>
        public int Filled { get; }

        /// <summary>How many rows were left out: every missing one with <see cref="MissingValues.Drop"/>, leading and trailing gaps with <see cref="MissingValues.Interpolate"/>.</summary>
        public int Dropped { get; }
    }
}
