using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Rnn.IO;

namespace Rnn
{
    /// <summary>
    /// Writes each epoch's metrics to a CSV file, as Keras's <c>CSVLogger</c>: a header <c>epoch,accuracy,loss,…</c>
    /// (keys in alphabetical order, fixed by the first epoch; a missing value is written <c>NA</c>), then one row per
    /// epoch with invariant-culture numbers. Crash-safe: after every epoch the whole file is rewritten atomically
    /// (temporary file, flushed to disk, moved into place), so it always holds every finished epoch and never a
    /// partial row, and an existing file is untouched until the first epoch ends.
    /// </summary>
    public sealed class CSVLogger : Callback
    {
        private readonly StringBuilder _content = new();
        private IReadOnlyList<string>? _keys;

        /// <summary>Creates the logger.</summary>
        /// <param name="filePath">The CSV file; its folder is created if needed.</param>
        /// <param name="separator">The field separator, as Keras's <c>separator</c>.</param>
        /// <param name="append">Keep the file's rows and add to them (no second header when it already has content), for
        /// resuming with <c>initialEpoch</c>; otherwise the file is replaced.</param>
        /// <exception cref="ArgumentException">The path or separator is empty, or the separator holds a quote or a line break.</exception>
        public CSVLogger(string filePath, string separator = ",", bool append = false)
        {
            if (string.IsNullOrWhiteSpace(filePath))
                throw new ArgumentException($"CSVLogger needs a file path, but got '{filePath}'.", nameof(filePath));
            if (string.IsNullOrEmpty(separator) || separator.IndexOfAny(new[] { '"', '\r', '\n' }) >= 0)
                throw new ArgumentException($"CSVLogger separator must be non-empty without quotes or line breaks, but was '{separator}'.", nameof(separator));
            FilePath = filePath;
            Separator = separator;
            Append = append;
        }

        /// <summary>The CSV file.</summary>
        public string FilePath { get; }

        /// <summary>The field separator.</summary>
        public string Separator { get; }

        /// <summary>Whether rows are added to an existing file.</summary>
        public bool Append { get; }

        /// <inheritdoc/>
        public override void OnTrainBegin()
        {
            _content.Clear();
            _keys = null;
            if (Append && File.Exists(FilePath))
            {
                _content.Append(File.ReadAllText(FilePath, Encoding.UTF8));
                if (_content.Length > 0 && _content[^1] != '\n') _content.Append('\n');
            }
        }

        /// <inheritdoc/>
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            if (_keys is null)
            {
                _keys = logs.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
                if (_content.Length == 0) AppendRow(new[] { "epoch" }.Concat(_keys).Select(key => CsvText.Field(key, Separator)));
            }
            AppendRow(new[] { epoch.ToString(CultureInfo.InvariantCulture) }
                .Concat(_keys.Select(k => logs.TryGetValue(k, out double v) ? CsvText.Number(v) : "NA")));
            AtomicFile.WriteText(FilePath, _content.ToString());
        }

        private void AppendRow(IEnumerable<string> fields) => _content.Append(string.Join(Separator, fields)).Append('\n');
    }
}
