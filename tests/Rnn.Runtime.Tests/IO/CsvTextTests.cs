using Rnn.IO;
using Xunit;

namespace Rnn.Runtime.Tests.IO
{
    /// <summary>The CSV quoting that History.ToCsv and CSVLogger share.</summary>
    public sealed class CsvTextTests
    {
        [Theory]
        [InlineData("val_loss", ",", "val_loss")]
        [InlineData("a,b", ",", "\"a,b\"")]
        [InlineData("a,b", ";", "a,b")]
        [InlineData("a;b", ";", "\"a;b\"")]
        [InlineData("say \"hi\"", ",", "\"say \"\"hi\"\"\"")]
        [InlineData("two\nlines", ";", "\"two\nlines\"")]
        [InlineData("cr\rhere", "\t", "\"cr\rhere\"")]
        public void Field_is_quoted_only_when_it_holds_the_separator_a_quote_or_a_line_break(string field, string separator, string expected) =>
            Assert.Equal(expected, CsvText.Field(field, separator));

        [Fact]
        public void Number_is_invariant_and_round_trips()
        {
            Assert.Equal("0.1", CsvText.Number(0.1));
            Assert.Equal("-1.25E-05", CsvText.Number(-1.25E-05));
            Assert.Equal("0.30000000000000004", CsvText.Number(0.1 + 0.2));
            Assert.Equal("NaN", CsvText.Number(double.NaN));
        }
    }
}
