using System;
using System.IO;
using System.Linq;
using Rnn.Data;
using Xunit;

namespace Rnn.Runtime.Tests.Data
{
    public sealed class CsvColumnTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-csv-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private string Write(string contents)
        {
            string path = Path.Combine(_dir, "data.csv");
            File.WriteAllText(path, contents);
            return path;
        }

        private const string Gaps = "date,co2\n1,\n2,10\n3,\n4,NA\n5,16\n6,17\n7,nan\n8,\n";

        [Fact]
        public void Interpolate_FillsInnerGapsOnAStraightLine_DropsLeadingAndTrailingGaps()
        {
            // Rows 3 and 4 lie between 10 (row 2) and 16 (row 5): 12 and 14. Row 1 and rows 7-8 have one neighbour only.
            var column = CsvColumn.Load(Write(Gaps), "co2", MissingValues.Interpolate);

            Assert.Equal(new double[] { 10, 12, 14, 16, 17 }, column.Values);
            Assert.Equal((8, 5, 2, 3), (column.Rows, column.Missing, column.Filled, column.Dropped));
            Assert.Equal(new[] { false, true, true, false, false }, column.IsFilled);
        }

        [Fact]
        public void Drop_LeavesOutEveryMissingRow()
        {
            var column = CsvColumn.Load(Write(Gaps), "co2", MissingValues.Drop);

            Assert.Equal(new double[] { 10, 16, 17 }, column.Values);
            Assert.Equal((8, 5, 0, 5), (column.Rows, column.Missing, column.Filled, column.Dropped));
        }

        [Fact]
        public void Load_QuotedFields_OtherSeparators_CaseInsensitiveHeader()
        {
            string path = Write("\"name\";\"Value\"\n\"a;b\";\"1.5\"\n\"c\";-2e3\n");

            var column = CsvColumn.Load(path, "value", MissingValues.Drop);

            Assert.Equal("Value", column.Column);
            Assert.Equal(new[] { 1.5, -2000 }, column.Values);
        }

        [Fact]
        public void Load_NotANumber_NamesFileRowColumnAndValue()
        {
            string path = Write("date,co2\n1,315.7\n2,3l6.1\n");
            var e = Assert.Throws<InvalidDataException>(() => CsvColumn.Load(path, "co2", MissingValues.Interpolate));
            Assert.Contains(path, e.Message);
            Assert.Contains("'3l6.1' in column 'co2' of data row 2", e.Message);
        }

        [Fact]
        public void Load_UnknownColumn_ListsTheColumns()
        {
            var e = Assert.Throws<ArgumentException>(() => CsvColumn.Load(Write("date,co2\n1,2\n"), "temperature", MissingValues.Drop));
            Assert.Equal("column", e.ParamName);
            Assert.Contains("no column 'temperature'; its columns are: 'date', 'co2'", e.Message);
        }

        [Fact]
        public void Load_NoValueAtAll_Throws()
        {
            var e = Assert.Throws<InvalidDataException>(() => CsvColumn.Load(Write("date,co2\n1,\n2,NA\n"), "co2", MissingValues.Interpolate));
            Assert.Contains("no value in column 'co2' (2 data rows)", e.Message);
        }

        [Fact]
        public void Load_RowWithWrongFieldCount_IsMalformed()
        {
            var e = Assert.Throws<InvalidDataException>(() => CsvColumn.Load(Write("date,co2\n1,2\n3,4,5\n"), "co2", MissingValues.Drop));
            Assert.Contains("is malformed", e.Message);
        }

        [Fact]
        public void Load_MissingFile_ThrowsFileNotFound()
        {
            string path = Path.Combine(_dir, "none.csv");
            Assert.Equal(path, Assert.Throws<FileNotFoundException>(() => CsvColumn.Load(path, "x", MissingValues.Drop)).FileName);
        }

        [Fact]
        public void Load_TwoColumnsOfTheName_IsRefusedListingThem()
        {
            // Issue 19: co2,co2 silently used the first column, so Forecast trained on the dates.
            string path = Write("co2,co2\n1,315.7\n2,316.1\n");

            var e = Assert.Throws<InvalidDataException>(() => CsvColumn.Load(path, "co2", MissingValues.Drop));

            Assert.Equal($"The CSV file '{path}' has 2 columns named 'co2' (columns 1 and 2: 'co2', 'co2'); rename all but one so that the column is unambiguous.", e.Message);
        }

        [Fact]
        public void Load_TwoColumnsMatchingOnlyIgnoringCase_IsRefused_OneExactMatchIsNot()
        {
            string ambiguous = Write("date,CO2, co2 \n1,2,3\n");
            var e = Assert.Throws<InvalidDataException>(() => CsvColumn.Load(ambiguous, "co2", MissingValues.Drop));
            Assert.Contains("has 2 columns named 'co2' (columns 2 and 3: 'CO2', ' co2 ')", e.Message);

            string exact = Path.Combine(_dir, "exact.csv");
            File.WriteAllText(exact, "CO2,co2\n1,2\n");
            Assert.Equal(new double[] { 2 }, CsvColumn.Load(exact, "co2", MissingValues.Drop).Values); // the exact name wins, as documented
        }

        [Theory]
        [InlineData("")]
        [InlineData("\uFEFF")]
        public void Load_EmptyFile_SaysItIsEmpty(string contents)
        {
            string path = Write(contents);

            var e = Assert.Throws<InvalidDataException>(() => CsvColumn.Load(path, "co2", MissingValues.Drop));

            Assert.Equal($"The CSV file '{path}' is empty: it has no header row, so no column 'co2'.", e.Message);
        }

        [Fact]
        public void Load_NamedPipeOrFolder_IsRefusedAtOnce()
        {
            string pipe = Path.Combine(_dir, "pipe.csv");
            IO.HostileFiles.MakeFifo(pipe);
            var load = System.Threading.Tasks.Task.Run(() => CsvColumn.Load(pipe, "co2", MissingValues.Drop));
            Assert.True(((IAsyncResult)load).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "Load waited on the named pipe");
            Assert.Contains("is a named pipe (FIFO), not a regular file", Assert.IsType<ArgumentException>(load.Exception!.InnerException).Message);
            Assert.Contains("is a folder, not a regular file", Assert.Throws<ArgumentException>(() => CsvColumn.Load(_dir, "co2", MissingValues.Drop)).Message);
        }

        [Fact]
        public void ShippedCo2_HasItsGapsFilled()
        {
            string path = Path.Combine(SampleData.Directory(), "co2", "co2.csv");

            var column = CsvColumn.Load(path, "co2", MissingValues.Interpolate);

            // 2,284 weekly rows (1958-03-29 to 2001-12-29), 59 of them empty, none at either end.
            Assert.Equal((2284, 59, 59, 0), (column.Rows, column.Missing, column.Filled, column.Dropped));
            Assert.Equal(2284, column.Values.Count);
            Assert.Equal(316.1, column.Values[0]);
            Assert.Equal(371.5, column.Values[^1]);
            Assert.All(column.Values, v => Assert.InRange(v, 310, 380));
        }
    }
}
