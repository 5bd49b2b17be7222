using System;
using System.Collections.Generic;
using Rnn.IO;

namespace Rnn
{
    /// <summary>
    /// Stops training when the monitored metric has stopped improving, as Keras's <c>EarlyStopping</c>. With
    /// <c>restoreBestWeights</c>, the weights of the best epoch are copied back into the model when training ends, as
    /// Keras 3 does (also when training ran all its epochs).
    /// </summary>
    public sealed class EarlyStopping : Callback, IMonitoringCallback, IResumableCallback, IDisposable
    {
        private readonly MonitoredMetric _monitor;
        private WeightsSnapshot? _bestWeights;
        private int _wait;

        /// <summary>Creates the callback.</summary>
        /// <param name="monitor">The metric to watch, e.g. <c>val_loss</c>.</param>
        /// <param name="patience">Number of epochs without improvement after which training stops.</param>
        /// <param name="minDelta">The smallest change that counts as an improvement.</param>
        /// <param name="mode">Whether lower or higher values of <paramref name="monitor"/> are better.</param>
        /// <param name="restoreBestWeights">Keep a copy of the weights of the best epoch and restore them when training ends.</param>
        /// <exception cref="ArgumentException">The monitor is empty, or patience or minDelta is negative.</exception>
        public EarlyStopping(string monitor = "val_loss", int patience = 0, double minDelta = 0, MonitorMode mode = MonitorMode.Auto,
            bool restoreBestWeights = false)
        {
            if (patience < 0)
                throw new ArgumentOutOfRangeException(nameof(patience), patience, $"EarlyStopping patience must be 0 or more, but was {patience}.");
            Patience = patience;
            RestoreBestWeights = restoreBestWeights;
            _monitor = new MonitoredMetric(monitor, mode, minDelta, nameof(EarlyStopping));
        }

        MonitoredMetric IMonitoringCallback.Monitor => _monitor;

        // The flag is part of the name: best weights saved by a run that restores them must not be resumed by one that
        // does not (or the other way round), so such a checkpoint is refused as one of other callbacks.
        string IResumableCallback.CheckpointName => RestoreBestWeights ? $"EarlyStopping({_monitor.Name}, restoreBestWeights)" : _monitor.CheckpointName;

        void IResumableCallback.SaveState(CheckpointContent content, string prefix)
        {
            content.Add(prefix + "wait", _wait);
            content.Add(prefix + "best", _monitor.Best);
            content.Add(prefix + "best_epoch", BestEpoch ?? -1L);
            content.Add(prefix + "stopped_epoch", StoppedEpoch ?? -1L);
            if (_bestWeights is not null)
                foreach (var (name, tensor) in _bestWeights.Tensors) content.AddBorrowed(prefix + "best_weights/" + name, tensor);
        }

        Action IResumableCallback.PrepareRestore(CheckpointEntries entries, string prefix)
        {
            int wait = checked((int)entries.Long(prefix + "wait"));
            double best = entries.Double(prefix + "best");
            long bestEpoch = entries.Long(prefix + "best_epoch"), stoppedEpoch = entries.Long(prefix + "stopped_epoch");
            StoredTensorCopy? weights = null;
            var model = Model;
            if (entries.NamesUnder(prefix + "best_weights/").Count > 0)
            {
                if (model is null) throw new InvalidOperationException("EarlyStopping is used outside Fit.");
                using var scope = TorchSharp.torch.NewDisposeScope();
                weights = entries.Match(prefix + "best_weights/", model.state_dict(), "EarlyStopping's best weights");
            }
            return () =>
            {
                _wait = wait;
                _monitor.RestoreBest(best);
                BestEpoch = bestEpoch < 0 ? null : (int)bestEpoch;
                StoppedEpoch = stoppedEpoch < 0 ? null : (int)stoppedEpoch;
                ReleaseWeights();
                if (weights is null) return;
                _bestWeights = WeightsSnapshot.For(model!);
                weights.Apply(_bestWeights.Tensors);
            };
        }

        /// <summary>Number of epochs without improvement tolerated.</summary>
        public int Patience { get; }

        /// <summary>Whether the best epoch's weights are restored when training ends.</summary>
        public bool RestoreBestWeights { get; }

        /// <summary>The zero-based epoch after which training was stopped, or null if it was not.</summary>
        public int? StoppedEpoch { get; private set; }

        /// <summary>The zero-based epoch with the best value of the monitored metric, or null before the first epoch.</summary>
        public int? BestEpoch { get; private set; }

        /// <inheritdoc/>
        public override void OnTrainBegin()
        {
            _monitor.Reset();
            _wait = 0;
            StoppedEpoch = null;
            BestEpoch = null;
            ReleaseWeights();
        }

        /// <inheritdoc/>
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            bool improved = _monitor.Improved(logs);
            // As Keras 3: the first epoch's weights are kept even if its value (e.g. NaN) is no improvement.
            if (RestoreBestWeights && Model is not null && (improved || _bestWeights is null))
            {
                _bestWeights ??= WeightsSnapshot.For(Model); // allocated once per Fit, then overwritten in place
                _bestWeights.CaptureFrom(Model);
                BestEpoch ??= epoch;
            }
            if (improved)
            {
                _wait = 0;
                BestEpoch = epoch;
                return;
            }
            if (++_wait >= Patience && Model is not null)
            {
                Model.StopTraining = true;
                StoppedEpoch = epoch;
            }
        }

        /// <inheritdoc/>
        public override void OnTrainEnd()
        {
            if (_bestWeights is not null && Model is not null) _bestWeights.RestoreTo(Model);
            ReleaseWeights();
        }

        /// <summary>
        /// Releases the copy of the best weights. Fit releases it when training ends; this is needed only if training
        /// ended with an exception.
        /// </summary>
        public void Dispose() => ReleaseWeights();

        private void ReleaseWeights()
        {
            _bestWeights?.Dispose();
            _bestWeights = null;
        }
    }
}
