using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Rnn;
using Xunit;

namespace Rnn.Runtime.Tests.Training
{
    public sealed class ProgressTests
    {
        private const string Value = @"\d+\.\d{4}";

        [Fact]
        public void RedirectedOutput_PrintsOnePlainLinePerEpoch()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(20);
            var output = new StringWriter { NewLine = "\n" };

            model.Fit(x, y, epochs: 3, batchSize: 4, validationSplit: 0.2, seed: 1, output: output);

            string text = output.ToString();
            Assert.DoesNotContain('\r', text);
            Assert.DoesNotContain('\u001b', text);
            var lines = text.TrimEnd('\n').Split('\n');
            Assert.Equal(3, lines.Length);
            for (int i = 0; i < 3; i++)
                Assert.Matches(
                    $@"^Epoch {i + 1}/3 - 4/4 - \d+s \d+(s|ms|us)/step - accuracy: {Value} - loss: {Value} - val_accuracy: {Value} - val_loss: {Value}$",
                    lines[i]);
        }

        [Fact]
        public void VerboseZero_PrintsNothing()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(8);
            var output = new StringWriter();
            model.Fit(x, y, epochs: 2, batchSize: 4, seed: 1, verbose: 0, output: output);
            Assert.Equal("", output.ToString());
        }

        [Fact]
        public void LiveOutput_UpdatesInPlaceAndEndsWithFullBarAndValidation()
        {
            var output = new StringWriter { NewLine = "\n" };
            var printer = new ProgressPrinter(output, live: true, epochs: 12);
            var logs = new Dictionary<string, double> { ["loss"] = 0.2011, ["accuracy"] = 0.9412 };

            printer.BeginEpoch(2, steps: 125);
            printer.Step(1, logs);
            for (int step = 2; step <= 125; step++) printer.Step(step, logs); // throttled: within 100 ms these draw nothing
            logs["val_loss"] = 0.18;
            logs["val_accuracy"] = 0.95;
            printer.EndEpoch(logs);

            string text = output.ToString();
            Assert.StartsWith("Epoch 3/12\n\r  1/125 ─", text);
            string last = text.TrimEnd('\n').Split('\r').Last().TrimEnd();
            Assert.Matches(
                @"^125/125 ━{20} \d+s \d+(s|ms|us)/step - accuracy: 0\.9412 - loss: 0\.2011 - val_accuracy: 0\.9500 - val_loss: 0\.1800$", last);
            Assert.True(text.Count(c => c == '\r') <= 3, "updates are throttled");
            Assert.EndsWith("\n", text);
        }

        [Fact]
        public void Values_AreFormattedAsKerasDoes_WhateverTheCulture()
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                // A culture with a decimal comma (the test host may run in globalization-invariant mode, so build one).
                var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
                comma.NumberFormat.NumberDecimalSeparator = ",";
                comma.NumberFormat.NumberGroupSeparator = ".";
                CultureInfo.CurrentCulture = comma;
                Assert.Equal("0,5", 0.5.ToString());
                Assert.Equal("0.5000", ProgressPrinter.FormatValue(0.5));
                Assert.Equal("12345.6789", ProgressPrinter.FormatValue(12345.6789));
                Assert.Equal("1.2340e-04", ProgressPrinter.FormatValue(0.0001234));
                Assert.Equal(" - accuracy: 0.2500 - loss: 1.0000 - val_loss: 2.0000",
                    ProgressPrinter.Metrics(new Dictionary<string, double> { ["val_loss"] = 2, ["loss"] = 1, ["accuracy"] = 0.25 }));
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }
    }
}
