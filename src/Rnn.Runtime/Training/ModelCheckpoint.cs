using System;
using System.Collections.Generic;

namespace Rnn
{
    /// <summary>
    /// Saves the model's weights with <see cref="RnnModel.SaveWeights"/> after epochs, as Keras's <c>ModelCheckpoint</c>:
    /// by default only when the monitored metric (<c>val_loss</c>) improved. Each save writes a temporary file next to
    /// <see cref="FilePath"/>, flushes it to disk and then moves it into place, so the file is never left half written
    /// and a failed save leaves the previous checkpoint as it was; load it with <see cref="RnnModel.LoadWeights"/>.
    /// </summary>
    public sealed class ModelCheckpoint : Callback, IMonitoringCallback
    {
        private readonly MonitoredMetric _monitor;

        /// <summary>Creates a checkpoint that saves to <paramref name="filePath"/>.</summary>
        /// <param name="filePath">Where to save; the folder is created if needed.</param>
        /// <param name="monitor">The metric that decides which epoch is best, e.g. <c>val_loss</c> or <c>val_accuracy</c>.</param>
        /// <param name="saveBestOnly">Save only when <paramref name="monitor"/> improved (true), or after every epoch.</param>
        /// <param name="mode">Whether lower or higher values of <paramref name="monitor"/> are better.</param>
        /// <exception cref="ArgumentException">The path or monitor is empty.</exception>
        public ModelCheckpoint(string filePath, string monitor = "val_loss", bool saveBestOnly = true, MonitorMode mode = MonitorMode.Auto)
        {
            if (string.IsNullOrWhiteSpace(filePath))
                throw new ArgumentException($"ModelCheckpoint needs a file path, but got '{filePath}'.", nameof(filePath));
            FilePath = filePath;
            SaveBestOnly = saveBestOnly;
            _monitor = new MonitoredMetric(monitor, mode, 0, nameof(ModelCheckpoint));
        }

        /// <summary>The file the weights are saved to.</summary>
        public string FilePath { get; }

        /// <summary>The monitored metric's name.</summary>
        public string Monitor => _monitor.Name;

        MonitoredMetric IMonitoringCallback.Monitor => _monitor;

        /// <summary>Whether only improvements are saved.</summary>
        public bool SaveBestOnly { get; }

        /// <summary>The best value of the monitored metric seen so far (±∞ before the first epoch).</summary>
        public double Best => _monitor.Best;

        /// <summary>The zero-based epoch whose weights were saved last, or null before the first save.</summary>
        public int? SavedEpoch { get; private set; }

        /// <inheritdoc/>
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            bool improved = _monitor.Improved(logs);
            if (SaveBestOnly && !improved) return;
            var model = Model ?? throw new InvalidOperationException("ModelCheckpoint is not attached to a model; pass it to Fit.");
            model.SaveWeights(FilePath);
            SavedEpoch = epoch;
        }
    }

    /// <summary>
    /// Stops training when the monitored metric has stopped improving, as Keras's <c>EarlyStopping</c>.
    /// </summary>
    public sealed class EarlyStopping : Callback, IMonitoringCallback
    {
        private readonly MonitoredMetric _monitor;
        private int _wait;

        /// <summary>Creates the callback.</summary>
        /// <param name="monitor">The metric to watch, e.g. <c>val_loss</c>.</param>
        /// <param name="patience">Number of epochs without improvement after which training stops.</param>
        /// <param name="minDelta">The smallest change that counts as an improvement.</param>
        /// <param name="mode">Whether lower or higher values of <paramref name="monitor"/> are better.</param>
        /// <exception cref="ArgumentException">The monitor is empty, or patience or minDelta is negative.</exception>
        public EarlyStopping(string monitor = "val_loss", int patience = 0, double minDelta = 0, MonitorMode mode = MonitorMode.Auto)
        {
            if (patience < 0)
                throw new ArgumentOutOfRangeException(nameof(patience), patience, $"EarlyStopping patience must be 0 or more, but was {patience}.");
            Patience = patience;
            _monitor = new MonitoredMetric(monitor, mode, minDelta, nameof(EarlyStopping));
        }

        MonitoredMetric IMonitoringCallback.Monitor => _monitor;

        /// <summary>Number of epochs without improvement tolerated.</summary>
        public int Patience { get; }

        /// <summary>The zero-based epoch after which training was stopped, or null if it was not.</summary>
        public int? StoppedEpoch { get; private set; }

        /// <inheritdoc/>
        public override void OnTrainBegin()
        {
            _monitor.Reset();
            _wait = 0;
            StoppedEpoch = null;
        }

        /// <inheritdoc/>
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            if (_monitor.Improved(logs)) { _wait = 0; return; }
            if (++_wait >= Patience && Model is not null)
            {
                Model.StopTraining = true;
                StoppedEpoch = epoch;
            }
        }
    }
}
