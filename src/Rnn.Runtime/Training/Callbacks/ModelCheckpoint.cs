using System;
using System.Collections.Generic;
using Rnn.IO;

namespace Rnn
{
    /// <summary>
    /// Saves the model's weights with <see cref="RnnModel.SaveWeights"/> after epochs, as Keras's <c>ModelCheckpoint</c>:
    /// by default only when the monitored metric (<c>val_loss</c>) improved. Each save writes a temporary file next to
    /// <see cref="FilePath"/>, flushes it to disk and then moves it into place, so the file is never left half written
    /// and a failed save leaves the previous checkpoint as it was; load it with <see cref="RnnModel.LoadWeights"/>.
    /// </summary>
    public sealed class ModelCheckpoint : Callback, IMonitoringCallback, IResumableCallback
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

        string IResumableCallback.CheckpointName => _monitor.CheckpointName;

        void IResumableCallback.SaveState(CheckpointContent content, string prefix)
        {
            content.Add(prefix + "best", _monitor.Best);
            content.Add(prefix + "saved_epoch", SavedEpoch ?? -1L);
        }

        Action IResumableCallback.PrepareRestore(CheckpointEntries entries, string prefix)
        {
            double best = entries.Double(prefix + "best");
            long saved = entries.Long(prefix + "saved_epoch");
            return () =>
            {
                _monitor.RestoreBest(best);
                SavedEpoch = saved < 0 ? null : (int)saved;
            };
        }

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
}
