using System;
using System.IO;
using Rnn.Data;
using Xunit;

namespace Rnn.Runtime.Tests.Data
{
    // TimeSeries.ChronologicalSplit(CsvColumnData, testFraction): a gap across the train/test split must not carry a
    // test value into training.
    public sealed class CsvColumnSplitTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-csv-split-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        // Rows 3 and 4 are empty: interpolated between 2 (row 2) and 5 (row 5) as 3 and 4, IsFilled at indices 2 and 3.
        private CsvColumnData Gapped()
        {
            string path = Path.Combine(_dir, "gapped.csv");
            File.WriteAllText(path, "t,v\n1,1\n2,2\n3,\n4,\n5,5\n6,6\n");
            var column = CsvColumn.Load(path, "v", MissingValues.Interpolate);
            Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, column.Values);
            Assert.Equal(new[] { false, false, true, true, false, false }, column.IsFilled);
            return column;
        }

        [Fact]
        public void GapAcrossTheSplit_TrainingTailBecomesTheLastRealTrainingValue()
        {
            // 6 values, 1/3 test: train 1, 2, [3], [4] | test 5, 6. The bracketed values lean on 5, a test value.
            var split = TimeSeries.ChronologicalSplit(Gapped(), testFraction: 1.0 / 3);

            Assert.Equal(new double[] { 1, 2, 2, 2 }, split.Train);
            Assert.Equal(new double[] { 5, 6 }, split.Test);
            Assert.Equal(new double[] { 1, 2, 2, 2, 5, 6 }, split.Values);
            Assert.Equal(2, split.CarriedForwardCount);
            // The normaliser sees the refilled training part: mean 7/4, variance (0.75² + 3 × 0.25²) / 4 = 0.1875.
            Assert.Equal(1.75, split.Normalizer.Mean, 12);
            Assert.Equal(Math.Sqrt(0.1875), split.Normalizer.Scale, 12);
        }

        [Fact]
        public void SplitInsideTheGap_RefillsOnlyTheTrainingSide()
        {
            // 1/2 test: train 1, 2, [3] | test [4], 5, 6. The test part keeps its interpolated value.
            var split = TimeSeries.ChronologicalSplit(Gapped(), testFraction: 0.5);

            Assert.Equal(new double[] { 1, 2, 2 }, split.Train);
            Assert.Equal(new double[] { 4, 5, 6 }, split.Test);
            Assert.Equal(1, split.CarriedForwardCount);
        }

        [Theory]
        [InlineData(1.0 / 6, 5)] // train 1, 2, [3], [4], 5: the gap closes inside the training part
        [InlineData(2.0 / 3, 2)] // train 1, 2: the whole gap is in the test part
        public void TrainingPartEndingWithARealValue_KeepsEveryValue(double testFraction, int trainCount)
        {
            var split = TimeSeries.ChronologicalSplit(Gapped(), testFraction);

            Assert.Equal(trainCount, split.TrainCount);
            Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, split.Values);
            Assert.Equal(0, split.CarriedForwardCount);
        }

        [Fact]
        public void BadInput_ThrowsNamingTheArgument()
        {
            var column = Gapped();

            Assert.Equal("column", Assert.Throws<ArgumentNullException>(() => TimeSeries.ChronologicalSplit((CsvColumnData)null!, 0.2)).ParamName);
            var fraction = Assert.Throws<ArgumentOutOfRangeException>(() => TimeSeries.ChronologicalSplit(column, 1.0));
            Assert.Equal("testFraction", fraction.ParamName);
            Assert.Contains("testFraction in (0, 1), got 1", fraction.Message);
            var empty = Assert.Throws<ArgumentException>(() => TimeSeries.ChronologicalSplit(column, 0.01));
            Assert.Equal("column", empty.ParamName);
            Assert.Contains("6 values with testFraction 0.01 give 6 training and 0 test values; each part needs at least 1", empty.Message);
        }
    }
}
