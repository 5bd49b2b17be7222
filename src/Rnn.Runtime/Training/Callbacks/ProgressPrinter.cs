using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Rnn
{
    /// <summary>
    /// Prints Keras-style training progress. On a terminal: <c>Epoch 3/12</c>, then a line updated in place (carriage
    /// return, at most every <see cref="RefreshInterval"/>) such as
    /// <c>125/125 ━━━━━━━━━━━━━━━━━━━━ 1s 5ms/step - accuracy: 0.9412 - loss: 0.2011</c>, completed with the validation
    /// metrics at the end of the epoch. Otherwise (output redirected, or a writer that is not the console, or
    /// <c>verbose: 2</c>): exactly one plain line per epoch, without control characters, e.g.
    /// <c>Epoch 3/12 - 125/125 - 1s 5ms/step - accuracy: 0.9412 - loss: 0.2011 - val_accuracy: 0.9500 - val_loss: 0.1800</c>.
    /// A callback, as Keras's <c>ProgbarLogger</c>: Fit adds it last to its callback list. Its first line says where the
    /// model trains, e.g. <c>Training on cpu</c> or <c>Training on cuda:0</c>.
    /// </summary>
    internal sealed class ProgressPrinter : Callback
    {
        /// <summary>The least time between two in-place updates.</summary>
        public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(100);

        private const int BarWidth = 20;
        private readonly TextWriter _writer;
        private readonly bool _live;
        private readonly int _epochs;
        private readonly TimeProvider _time;
        private long _epochStart;
        private int _epoch, _steps, _stepsPerEpoch;
        private ComputeDevice? _device;
        private TimeSpan? _lastRender;
        private int _lastLength;

        /// <summary>A printer writing to <paramref name="writer"/>, live (in place) or one line per epoch.</summary>
        /// <param name="writer">Where the progress goes.</param>
        /// <param name="live">Update one line in place (a terminal), or print one plain line per epoch.</param>
        /// <param name="epochs">The number of epochs, for <c>Epoch 3/12</c>.</param>
        /// <param name="time">The clock for timings and throttling; <see cref="TimeProvider.System"/> by default.</param>
        internal ProgressPrinter(TextWriter writer, bool live, int epochs, TimeProvider? time = null)
        {
            _writer = writer;
            _live = live;
            _epochs = epochs;
            _time = time ?? TimeProvider.System;
        }

        /// <summary>
        /// A printer for <paramref name="verbose"/> (0 silent, 1 live on a terminal, 2 one line per epoch), or null when
        /// silent; as a callback, each epoch has <paramref name="stepsPerEpoch"/> steps.
        /// </summary>
        public static ProgressPrinter? Create(int verbose, TextWriter? output, int epochs, int stepsPerEpoch, ComputeDevice device)
        {
            if (verbose == 0) return null;
            var writer = output ?? Console.Out;
            bool console = output is null || ReferenceEquals(output, Console.Out);
            bool live = verbose == 1 && console && !Console.IsOutputRedirected;
            return new ProgressPrinter(writer, live, epochs) { _stepsPerEpoch = stepsPerEpoch, _device = device };
        }

        /// <summary>Whether <see cref="OnTrainBatchEnd"/> reads its logs: only when updating a line in place.</summary>
        internal bool ReadsBatchLogs => _live;

        /// <inheritdoc/>
        public override void OnTrainBegin()
        {
            if (_device is not null) _writer.WriteLine("Training on " + _device);
        }

        /// <inheritdoc/>
        public override void OnEpochBegin(int epoch) => BeginEpoch(epoch, _stepsPerEpoch);

        /// <inheritdoc/>
        public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Step(batch + 1, logs);

        /// <inheritdoc/>
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => EndEpoch(logs);

        /// <summary>Starts zero-based epoch <paramref name="epoch"/> of <paramref name="steps"/> steps and its clock.</summary>
        public void BeginEpoch(int epoch, int steps)
        {
            _epoch = epoch;
            _steps = steps;
            _lastLength = 0;
            _lastRender = null;
            _epochStart = _time.GetTimestamp();
            if (_live) _writer.WriteLine(EpochTitle());
        }

        /// <summary>Reports that <paramref name="step"/> of the epoch's steps are done, with the running metrics.</summary>
        public void Step(int step, IReadOnlyDictionary<string, double> metrics)
        {
            if (!Draws(step)) return;
            TimeSpan now = _time.GetElapsedTime(_epochStart);
            _lastRender = now;
            Render(step, metrics, now, final: false);
        }

        /// <summary>
        /// Whether <see cref="Step"/> would draw step <paramref name="step"/> now: live, and the epoch's first or last
        /// step or <see cref="RefreshInterval"/> after the last drawing.
        /// </summary>
        public bool Draws(int step) =>
            _live && (step >= _steps || _lastRender is not TimeSpan last || _time.GetElapsedTime(_epochStart) - last >= RefreshInterval);

        /// <summary>Prints the epoch's final line, with validation metrics if any.</summary>
        public void EndEpoch(IReadOnlyDictionary<string, double> metrics)
        {
            TimeSpan elapsed = _time.GetElapsedTime(_epochStart);
            if (_live)
            {
                Render(_steps, metrics, elapsed, final: true);
                _writer.WriteLine();
            }
            else
            {
                _writer.WriteLine(EpochTitle() + " - " + Counter(_steps) + " - " + Timing(_steps, elapsed, final: true) + Metrics(metrics));
            }
            _writer.Flush();
        }

        private void Render(int step, IReadOnlyDictionary<string, double> metrics, TimeSpan elapsed, bool final)
        {
            int filled = _steps == 0 ? BarWidth : (int)((long)BarWidth * step / _steps);
            string line = Counter(step) + " " + new string('━', filled) + new string('─', BarWidth - filled) + " " +
                          Timing(step, elapsed, final) + Metrics(metrics);
            var sb = new StringBuilder("\r").Append(line);
            if (line.Length < _lastLength) sb.Append(' ', _lastLength - line.Length);
            _lastLength = line.Length;
            _writer.Write(sb.ToString());
            _writer.Flush();
        }

        private string EpochTitle() => string.Create(CultureInfo.InvariantCulture, $"Epoch {_epoch + 1}/{_epochs}");

        private string Counter(int step) =>
            step.ToString(CultureInfo.InvariantCulture).PadLeft(_steps.ToString(CultureInfo.InvariantCulture).Length) + "/" +
            _steps.ToString(CultureInfo.InvariantCulture);

        /// <summary>Elapsed time (or, mid-epoch, the estimated time left) and the time per step, as Keras prints them.</summary>
        private string Timing(int step, TimeSpan elapsed, bool final)
        {
            double seconds = elapsed.TotalSeconds;
            double perStep = step > 0 ? seconds / step : 0;
            string time = final ? Seconds(seconds) : Seconds(perStep * (_steps - step));
            string unit = perStep >= 1 || perStep == 0 ? Round(perStep) + "s/step"
                : perStep >= 1e-3 ? Round(perStep * 1e3) + "ms/step"
                : Round(perStep * 1e6) + "us/step";
            return time + " " + unit;
        }

        private static string Seconds(double seconds)
        {
            if (seconds >= 3600) return string.Create(CultureInfo.InvariantCulture, $"{(int)seconds / 3600}:{(int)seconds % 3600 / 60:00}:{(int)seconds % 60:00}");
            if (seconds >= 60) return string.Create(CultureInfo.InvariantCulture, $"{(int)seconds / 60}:{(int)seconds % 60:00}");
            return Round(seconds) + "s";
        }

        private static string Round(double value) => Math.Round(value, MidpointRounding.ToEven).ToString("0", CultureInfo.InvariantCulture);

        /// <summary>Metrics in alphabetical order, as Keras prints them: <c> - accuracy: 0.9412 - loss: 0.2011</c>.</summary>
        internal static string Metrics(IReadOnlyDictionary<string, double> metrics)
        {
            var sb = new StringBuilder();
            foreach (var (name, value) in metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
                sb.Append(" - ").Append(name).Append(": ").Append(FormatValue(value));
            return sb.ToString();
        }

        /// <summary>Four decimals, or scientific notation for magnitudes up to 1e-3, as Keras's progress bar.</summary>
        internal static string FormatValue(double value) =>
            Math.Abs(value) > 1e-3 || double.IsNaN(value) || double.IsInfinity(value)
                ? value.ToString("0.0000", CultureInfo.InvariantCulture)
                : value.ToString("0.0000e+00", CultureInfo.InvariantCulture);
    }
}
