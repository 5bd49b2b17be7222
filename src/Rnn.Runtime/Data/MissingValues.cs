namespace Rnn.Data
{
    /// <summary>What <see cref="CsvColumn.Load"/> does with missing values (empty cells, <c>NA</c>, <c>NaN</c>, <c>null</c>).</summary>
    public enum MissingValues
    {
        /// <summary>
        /// Leave out the rows whose value is missing. The result is shorter than the file, and steps that were a week
        /// apart may become neighbours: use it for data that is not a regular time series.
        /// </summary>
        Drop,

        /// <summary>
        /// Fill each gap inside the column by straight-line interpolation between the values on either side,
        /// treating the rows as equally spaced in time. A gap at the start or the end has only one neighbour, so it
        /// cannot be interpolated: those rows are dropped (never extrapolated) and counted in
        /// <see cref="CsvColumnData.Dropped"/>.
        /// </summary>
        Interpolate,
    }
}
