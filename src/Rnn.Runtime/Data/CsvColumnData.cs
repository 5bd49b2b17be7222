using System.Collections.Generic;
using System.Linq;

namespace Rnn.Data
{
    /// <summary>The values of one CSV column, loaded by <see cref="CsvColumn.Load"/>, and what was done about gaps.</summary>
    public sealed class CsvColumnData
    {
        private readonly double[] values;
        private readonly bool[] isFilled;

        /// <param name="column">The header name.</param>
        /// <param name="values">The values kept, in file order.</param>
        /// <param name="isFilled">For each of <paramref name="values"/>: whether it was interpolated.</param>
        /// <param name="rows">The data rows in the file; those not in <paramref name="values"/> were dropped.</param>
        internal CsvColumnData(string column, double[] values, bool[] isFilled, int rows)
        {
            Column = column;
            this.values = values;
            this.isFilled = isFilled;
            Rows = rows;
        }

        /// <summary>
        /// For each of <see cref="Values"/>: true when the value was missing and filled by interpolation. An interpolated
        /// value depends on the next real value after its gap; a model split chronologically must not train on one
        /// whose next real value lies in its test part (see
        /// <see cref="TimeSeries.ChronologicalSplit(CsvColumnData, double)"/>, which refills such values).
        /// </summary>
        public IReadOnlyList<bool> IsFilled => isFilled;

        /// <summary>The column's header name as it appears in the file.</summary>
        public string Column { get; }

        /// <summary>The values, in file order, with no missing value left.</summary>
        public IReadOnlyList<double> Values => values;

        /// <summary>The number of data rows in the file (the header not counted).</summary>
        public int Rows { get; }

        /// <summary>How many rows had no value in the column: <see cref="Filled"/> plus <see cref="Dropped"/>.</summary>
        public int Missing => Filled + Dropped;

        /// <summary>How many missing values were filled by interpolation: the true entries of <see cref="IsFilled"/>.</summary>
        public int Filled => isFilled.Count(filled => filled);

        /// <summary>
        /// How many rows were left out (<see cref="Rows"/> less the number of <see cref="Values"/>): every missing one
        /// with <see cref="MissingValues.Drop"/>, leading and trailing gaps with <see cref="MissingValues.Interpolate"/>.
        /// </summary>
        public int Dropped => Rows - values.Length;
    }
}
