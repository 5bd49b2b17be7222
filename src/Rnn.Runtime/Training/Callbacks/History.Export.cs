using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Rnn.IO;

namespace Rnn
{
    public sealed partial class History
    {
        /// <summary>
        /// Writes the history as CSV, as Keras's <c>CSVLogger</c> does: a header <c>epoch,accuracy,loss,val_accuracy,val_loss</c>
        /// (the metric names in alphabetical order) and one row per epoch, numbered from 0. Numbers are culture-invariant and
        /// round-trip exactly. The file is written atomically.
        /// </summary>
        /// <param name="path">The CSV file to write; its folder is created if needed.</param>
        /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
        public void ToCsv(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            var names = MetricNames();
            var text = new StringBuilder();
            text.Append("epoch");
            foreach (string name in names) text.Append(',').Append(CsvText.Field(name, ","));
            text.Append('\n');
            for (int row = 0; row < _epochs.Count; row++)
            {
                text.Append(_epochs[row].ToString(CultureInfo.InvariantCulture));
                foreach (string name in names) text.Append(',').Append(CsvNumber(_metrics[name], row));
                text.Append('\n');
            }
            AtomicFile.WriteText(path, text.ToString());
        }

        /// <summary>
        /// Writes the history as JSON with Keras's key names, as <c>json.dump(history.history, f)</c> would:
        /// <c>{"accuracy": [...], "loss": [...], "val_accuracy": [...], "val_loss": [...]}</c>, one number per epoch.
        /// A non-finite value (a diverged loss) is written as <c>null</c>, which JSON allows and pandas reads as NaN.
        /// The file is written atomically.
        /// </summary>
        /// <param name="path">The JSON file to write; its folder is created if needed.</param>
        /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
        public void ToJson(string path)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            AtomicFile.WriteStream(path, stream =>
            {
                using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                json.WriteStartObject();
                foreach (string name in MetricNames())
                {
                    json.WriteStartArray(name);
                    foreach (double value in _metrics[name])
                    {
                        if (double.IsFinite(value)) json.WriteNumberValue(value);
                        else json.WriteNullValue();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            });
        }

        private List<string> MetricNames() => _metrics.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();

        private static string CsvNumber(List<double> values, int row) =>
            row < values.Count ? CsvText.Number(values[row]) : "";
    }
}
