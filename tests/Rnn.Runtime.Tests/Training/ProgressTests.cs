using System;
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
            Assert.Equal(4, lines.Length);
            Assert.Equal("Training on cpu", lines[0]); // where the model trains, first
            for (int i = 0; i < 3; i++)
                Assert.Matches(
                    $@"^Epoch {i + 1}/3 - 4/4 - \d+s \d+(s|ms|us)/step - accuracy: {Value} - loss: {Value} - val_accuracy: {Value} - val_loss: {Value}$",
                    lines[i + 1]);
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

        /// <summary>A clock that moves only when told to.</summary>
        private sealed class ManualTime : TimeProvider
        {
            private long _ticks;
            public override long TimestampFrequency => TimeSpan.TicksPerSecond;
            public override long GetTimestamp() => _ticks;
            public void Advance(TimeSpan by) => _ticks += by.Ticks;
        }

        private static readonly Dictionary<string, double> Logs = new() { ["loss"] = 0.2011, ["accuracy"] = 0.9412 };

        /// <summary>Runs one live epoch of 125 steps, advancing the clock by <paramref name="perStep"/> before each step.</summary>
        private static string LiveEpoch(TimeSpan perStep)
        {
            var output = new StringWriter { NewLine = "\n" };
            var time = new ManualTime();
            var printer = new ProgressPrinter(output, live: true, epochs: 12, time);
            var logs = new Dictionary<string, double>(Logs);
            printer.BeginEpoch(2, steps: 125);
            for (int step = 1; step <= 125; step++)
            {
                time.Advance(perStep);
                printer.Step(step, logs);
            }
            logs["val_loss"] = 0.18;
            logs["val_accuracy"] = 0.95;
            printer.EndEpoch(logs);
            return output.ToString();
        }

        /// <summary>The step counter of every drawn line, in order.</summary>
        private static int[] DrawnSteps(string text) =>
            text.Split('\r').Skip(1).Select(line => int.Parse(line.Split('/')[0], CultureInfo.InvariantCulture)).ToArray();

        [Fact]
        public void LiveOutput_RedrawsAtMostEveryRefreshInterval()
        {
            // 10 ms per step: step 1 draws at 10 ms, then every 10th step is exactly 100 ms after the last draw.
            string text = LiveEpoch(TimeSpan.FromMilliseconds(10));

            var expected = Enumerable.Range(0, 13).Select(i => 1 + 10 * i).Concat(new[] { 125, 125 });
            Assert.Equal(expected, DrawnSteps(text));
            Assert.Contains("\r  1/125 " + new string('─', 20) + " 1s 10ms/step - accuracy: 0.9412 - loss: 0.2011\r", text);
            Assert.Contains("\r 61/125 " + new string('━', 9) + new string('─', 11) + " 1s 10ms/step - accuracy: 0.9412 - loss: 0.2011\r", text);
        }

        [Fact]
        public void LiveOutput_WithinOneRefreshInterval_DrawsOnlyTheFirstAndLastStep()
        {
            // 0.5 ms per step: the whole epoch takes 62.5 ms, less than one refresh interval.
            string text = LiveEpoch(TimeSpan.FromMilliseconds(0.5));

            Assert.Equal(new[] { 1, 125, 125 }, DrawnSteps(text));
        }

        [Fact]
        public void LiveOutput_UpdatesInPlaceAndEndsWithFullBarAndValidation()
        {
            string text = LiveEpoch(TimeSpan.FromMilliseconds(10));

            Assert.StartsWith("Epoch 3/12\n\r  1/125 ─", text);
            string last = text.TrimEnd('\n').Split('\r').Last();
            Assert.Equal(
                "125/125 " + new string('━', 20) + " 1s 10ms/step - accuracy: 0.9412 - loss: 0.2011 - val_accuracy: 0.9500 - val_loss: 0.1800",
                last);
            Assert.EndsWith("\n", text);
            Assert.Equal(2, text.Count(c => c == '\n')); // after the title and after the final line
        }

        private sealed class ReadsEveryBatch : Callback
        {
            public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) { }
        }

        [Fact]
        public void LiveOutput_AloneAsksForTheBatchLogsOnlyWhenItDraws()
        {
            // Reading the logs waits for a GPU's queued steps: with the progress bar alone, Fit reads them only when it draws.
            using var model = new TestRnn(units: 4, seed: 1);
            var time = new ManualTime();
            var printer = new ProgressPrinter(new StringWriter(), live: true, epochs: 1, time);
            var callbacks = new CallbackList(model, model.CompiledSetup(), null, Array.Empty<Callback>(), printer);
            printer.BeginEpoch(0, steps: 50);
            var asked = new List<int>();
            for (int batch = 0; batch < 50; batch++)
            {
                time.Advance(TimeSpan.FromMilliseconds(30));
                if (!callbacks.ReadsTrainBatchLogs(batch)) continue;
                asked.Add(batch);
                callbacks.TrainBatchEnd(batch, Logs);
            }
            Assert.Equal(new[] { 0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 49 }, asked); // every 120 ms, and the last

            var reader = new CallbackList(model, model.CompiledSetup(), null, new Callback[] { new ReadsEveryBatch() }, printer);
            Assert.All(Enumerable.Range(0, 50), batch => Assert.True(reader.ReadsTrainBatchLogs(batch)));
            var quiet = new CallbackList(model, model.CompiledSetup(), null, Array.Empty<Callback>(), new ProgressPrinter(new StringWriter(), live: false, epochs: 1, time));
            Assert.All(Enumerable.Range(0, 50), batch => Assert.False(quiet.ReadsTrainBatchLogs(batch)));
        }

        [Fact]
        public void PlainOutput_TimesTheEpochWithTheGivenClock()
        {
            var output = new StringWriter { NewLine = "\n" };
            var time = new ManualTime();
            var printer = new ProgressPrinter(output, live: false, epochs: 2, time);

            printer.BeginEpoch(0, steps: 4);
            for (int step = 1; step <= 4; step++)
            {
                time.Advance(TimeSpan.FromMilliseconds(750));
                printer.Step(step, Logs);
            }
            printer.EndEpoch(Logs);

            Assert.Equal("Epoch 1/2 - 4/4 - 3s 750ms/step - accuracy: 0.9412 - loss: 0.2011\n", output.ToString());
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
