using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Rnn;
using Xunit;

namespace Rnn.Runtime.Tests.Training
{
    public sealed class HistoryExportTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-history-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        /// <summary>Three epochs as Fit records them, with values that need all 17 digits to round-trip.</summary>
        internal static History ThreeEpochs()
        {
            var history = new History();
            var random = new Random(7);
            for (int epoch = 0; epoch < 3; epoch++)
            {
                history.Add(epoch, new Dictionary<string, double>
                {
                    ["loss"] = 2.0 / (epoch + 1) + random.NextDouble() / 3,
                    ["accuracy"] = 0.5 + epoch / 10.0 + random.NextDouble() / 30,
                    ["val_loss"] = 2.2 / (epoch + 1) + random.NextDouble() / 3,
                    ["val_accuracy"] = 0.45 + epoch / 10.0 + random.NextDouble() / 30,
                });
            }
            return history;
        }

        [Fact]
        public void ToCsv_WritesKerasCsvLoggerColumns_AndValuesThatRoundTrip()
        {
            var history = ThreeEpochs();
            string path = Path.Combine(_dir, "logs", "history.csv");

            history.ToCsv(path);

            string[] lines = File.ReadAllLines(path);
            Assert.Equal("epoch,accuracy,loss,val_accuracy,val_loss", lines[0]);
            Assert.Equal(4, lines.Length);
            string[] header = lines[0].Split(',');
            for (int row = 0; row < 3; row++)
            {
                string[] cells = lines[row + 1].Split(',');
                Assert.Equal(history.Epochs[row], int.Parse(cells[0], CultureInfo.InvariantCulture));
                for (int column = 1; column < header.Length; column++)
                    Assert.Equal(history[header[column]][row], double.Parse(cells[column], CultureInfo.InvariantCulture));
            }
        }

        [Fact]
        public void ToJson_WritesKerasHistoryKeys_WithOneNumberPerEpoch()
        {
            var history = ThreeEpochs();
            string path = Path.Combine(_dir, "history.json");

            history.ToJson(path);

            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var keys = json.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(new[] { "accuracy", "loss", "val_accuracy", "val_loss" }, keys);
            foreach (var property in json.RootElement.EnumerateObject())
                Assert.Equal(history[property.Name], property.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray());
        }

        [Fact]
        public void ToJson_WritesNonFiniteValuesAsNull_AndToCsvAsNaN()
        {
            var history = new History();
            history.Add(0, new Dictionary<string, double> { ["loss"] = 1.5 });
            history.Add(1, new Dictionary<string, double> { ["loss"] = double.NaN });
            string json = Path.Combine(_dir, "h.json"), csv = Path.Combine(_dir, "h.csv");

            history.ToJson(json);
            history.ToCsv(csv);

            using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
            var loss = doc.RootElement.GetProperty("loss").EnumerateArray().ToArray();
            Assert.Equal(1.5, loss[0].GetDouble());
            Assert.Equal(JsonValueKind.Null, loss[1].ValueKind);
            Assert.Equal(new[] { "epoch,loss", "0,1.5", "1,NaN" }, File.ReadAllLines(csv));
        }

        [Fact]
        public void ToJsonAndToCsv_ReplaceAnExistingFileWhole_AndLeaveNoTemporaryFile()
        {
            string json = Path.Combine(_dir, "h.json"), csv = Path.Combine(_dir, "h.csv");
            File.WriteAllText(json, new string('x', 100_000));
            File.WriteAllText(csv, new string('x', 100_000));

            ThreeEpochs().ToJson(json);
            ThreeEpochs().ToCsv(csv);

            using (JsonDocument.Parse(File.ReadAllBytes(json))) { }
            Assert.StartsWith("epoch,", File.ReadAllText(csv));
            Assert.DoesNotContain('x', File.ReadAllText(csv));
            Assert.Equal(new[] { "h.csv", "h.json" }, Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
        }

        [Fact]
        public void ToJsonAndToCsv_RejectAnEmptyPath_NamingIt()
        {
            var history = ThreeEpochs();
            Assert.Equal("path", Assert.ThrowsAny<ArgumentException>(() => history.ToJson(" ")).ParamName);
            Assert.Equal("path", Assert.ThrowsAny<ArgumentException>(() => history.ToCsv("")).ParamName);
        }
    }
}
