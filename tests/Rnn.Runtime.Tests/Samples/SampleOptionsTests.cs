using System;
using ForecastSample;
using G2PSample;
using LanguageIdSample;
using MnistSample;
using TextGenSample;
using Xunit;

namespace Rnn.Runtime.Tests.Samples
{
    // The samples parse through samples/Shared/CommandLine.cs: the same loop and value checks, the same messages.
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
        [InlineData("cuda")]
        [InlineData("cpu")]
        [InlineData("auto")]
        [InlineData("cuda:1")] // any name ComputeDevice.Parse reads: the second GPU
        public void TheSamplesThatTrainOnAGpu_TakeEachDevice_AutoByDefault(string device)
        {
            Assert.Equal(("auto", "auto", "auto"),
                (MnistOptions.Parse(Array.Empty<string>())!.Device, TextGenOptions.Parse(Array.Empty<string>(), "kjv")!.Device, G2POptions.Parse(Array.Empty<string>(), "cmu")!.Device));
            var args = new[] { "--device", device };
            Assert.Equal((device, device, device),
                (MnistOptions.Parse(args)!.Device, TextGenOptions.Parse(args, "kjv")!.Device, G2POptions.Parse(args, "cmu")!.Device));
            var bad = new[] { "--device", "gpu" };
            foreach (Action parse in new Action[] { () => MnistOptions.Parse(bad), () => TextGenOptions.Parse(bad, "kjv"), () => G2POptions.Parse(bad, "cmu") })
                Assert.Equal("--device must be cuda, cpu or auto, not 'gpu'.", Assert.Throws<ArgumentException>(parse).Message);
        }

        [Theory]
        [MemberData(nameof(BadCommandLines))]
        public void BothSamples_RejectBadCommandLines_WithTheSameMessage(string[] args, string message)
        {
            Assert.Equal(message, Assert.Throws<ArgumentException>(() => ForecastOptions.Parse(args, "d.csv")).Message);
            Assert.Equal(message, Assert.Throws<ArgumentException>(() => LanguageIdOptions.Parse(args, "dir")).Message);
            Assert.Equal(message, Assert.Throws<ArgumentException>(() => MnistOptions.Parse(args)).Message);
        }

        [Fact]
        public void TheMnistSample_FillsInEachModelsMeasuredDefaults()
        {
            var rnn = MnistOptions.Parse(Array.Empty<string>())!;
            Assert.Equal(new MnistOptions("rnn", Epochs: 5, BatchSize: 128, Augment: "distort", Shift: 1, LearningRate: 3e-3, Validation: 0.05), rnn);
            var lstm = MnistOptions.Parse(new[] { "--model", "lstm", "--epochs", "2" })!;
            Assert.Equal(new MnistOptions("lstm", Epochs: 2, BatchSize: 32, Augment: "shift", Shift: 2, LearningRate: 2e-3, Validation: 0.1), lstm);
            var stacked = MnistOptions.Parse(new[] { "--model", "stacked" })!;
            Assert.Equal(new MnistOptions("stacked", Epochs: 6, BatchSize: 64, Augment: "shift", Shift: 2, LearningRate: 2e-3, Validation: 0.1), stacked);
            var gru = MnistOptions.Parse(new[] { "--model", "gru", "--augment", "distort", "--copies", "2", "--validation", "0.2" })!;
            Assert.Equal(new MnistOptions("gru", Epochs: 4, BatchSize: 128, Augment: "distort", Copies: 2, Shift: 1, LearningRate: 2e-3, Validation: 0.2), gru);
            Assert.Null(MnistOptions.Parse(new[] { "--help" }));
        }

        [Theory]
        [InlineData("--augment", "flip", "--augment must be distort, shift or none, not 'flip'.")]
        [InlineData("--model", "cnn", "--model must be rnn, lstm, gru or stacked, not 'cnn'.")]
        [InlineData("--shift", "5", "--shift must be 1 to 4 pixels, not '5'.")]
        [InlineData("--validation", "1", "--validation must be a fraction in (0, 1), not '1'.")]
        [InlineData("--learning-rate", "NaN", "--learning-rate must be a positive number, not 'NaN'.")]
        public void TheMnistSample_RejectsBadValues_NamingTheOption(string name, string value, string message) =>
            Assert.Equal(message, Assert.Throws<ArgumentException>(() => MnistOptions.Parse(new[] { name, value })).Message);

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
