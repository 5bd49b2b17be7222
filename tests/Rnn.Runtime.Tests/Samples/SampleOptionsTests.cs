using System;
using ForecastSample;
using LanguageIdSample;
using Xunit;

namespace Rnn.Runtime.Tests.Samples
{
    // Both samples parse through samples/Shared/CommandLine.cs: the same loop and value checks, the same messages.
    public sealed class SampleOptionsTests
    {
        public static TheoryData<string[], string> BadCommandLines => new()
        {
            { new[] { "--epochs", "0" }, "--epochs must be a positive integer, not '0'." },
            { new[] { "--epochs", "1.5" }, "--epochs must be a positive integer, not '1.5'." },
            { new[] { "--seed", "x" }, "--seed must be an integer, not 'x'." },
            { new[] { "--epochs", "2", "--seed" }, "--seed needs a value, or is not an option." },
            { new[] { "--nope", "1" }, "unknown option '--nope'." },
        };

        [Theory]
        [MemberData(nameof(BadCommandLines))]
        public void BothSamples_RejectBadCommandLines_WithTheSameMessage(string[] args, string message)
        {
            Assert.Equal(message, Assert.Throws<ArgumentException>(() => ForecastOptions.Parse(args, "d.csv")).Message);
            Assert.Equal(message, Assert.Throws<ArgumentException>(() => LanguageIdOptions.Parse(args, "dir")).Message);
        }

        [Fact]
        public void BothSamples_ParseTheirOptions_AndHelp()
        {
            Assert.Equal(new LanguageIdOptions("words", Epochs: 3, Seed: -7), LanguageIdOptions.Parse(new[] { "--data", "words", "--epochs", "3", "--seed", "-7" }, "dir"));
            Assert.Equal(new LanguageIdOptions("dir"), LanguageIdOptions.Parse(Array.Empty<string>(), "dir"));
            Assert.Equal(new ForecastOptions("d.csv", "co2", Window: 8), ForecastOptions.Parse(new[] { "--window", "8" }, "d.csv"));
            Assert.Null(LanguageIdOptions.Parse(new[] { "--epochs", "3", "-h" }, "dir"));
            Assert.Null(ForecastOptions.Parse(new[] { "--help" }, "d.csv"));
            Assert.Contains("--window must be a positive integer, not '-1'",
                Assert.Throws<ArgumentException>(() => ForecastOptions.Parse(new[] { "--window", "-1" }, "d.csv")).Message);
        }
    }
}
