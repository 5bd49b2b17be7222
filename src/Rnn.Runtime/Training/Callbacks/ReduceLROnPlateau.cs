using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Rnn.IO;

namespace Rnn
{
    /// <summary>
    /// Lowers the learning rate when the monitored metric has stopped improving, as Keras's <c>ReduceLROnPlateau</c>:
    /// after <see cref="Patience"/> epochs without an improvement larger than <c>minDelta</c>, the rate is multiplied by
    /// <see cref="Factor"/> (never below <see cref="MinLearningRate"/>), then <see cref="Cooldown"/> epochs pass before
    /// waiting starts again.
    /// </summary>
    public sealed class ReduceLROnPlateau : Callback, IMonitoringCallback, IResumableCallback
    {
        private readonly MonitoredMetric _monitor;
        private int _wait, _cooldownLeft;

        /// <summary>Creates the callback.</summary>
        /// <param name="monitor">The metric to watch, e.g. <c>val_loss</c>.</param>
        /// <param name="factor">What the rate is multiplied by, in (0, 1).</param>
        /// <param name="patience">Epochs without improvement before the rate is reduced.</param>
        /// <param name="mode">Whether lower or higher values of <paramref name="monitor"/> are better.</param>
        /// <param name="minDelta">The smallest change that counts as an improvement (Keras's default 1e-4).</param>
        /// <param name="cooldown">Epochs to wait after a reduction before counting epochs without improvement again.</param>
        /// <param name="minLearningRate">The rate is never reduced below this (Keras's <c>min_lr</c>).</param>
        /// <exception cref="ArgumentException">An argument is out of range; the message gives its value.</exception>
        public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, MonitorMode mode = MonitorMode.Auto,
            double minDelta = 1e-4, int cooldown = 0, double minLearningRate = 0)
        {
            if (!(factor > 0 && factor < 1))
                throw new ArgumentOutOfRangeException(nameof(factor), factor, $"ReduceLROnPlateau factor must be in (0, 1), but was {Format(factor)}.");
            if (patience < 0)
                throw new ArgumentOutOfRangeException(nameof(patience), patience, $"ReduceLROnPlateau patience must be 0 or more, but was {patience}.");
            if (cooldown < 0)
                throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, $"ReduceLROnPlateau cooldown must be 0 or more, but was {cooldown}.");
            if (!(minLearningRate >= 0 && double.IsFinite(minLearningRate)))
                throw new ArgumentOutOfRangeException(nameof(minLearningRate), minLearningRate,
                    $"ReduceLROnPlateau minLearningRate must be a finite number of 0 or more, but was {Format(minLearningRate)}.");
            _monitor = new MonitoredMetric(monitor, mode, minDelta, nameof(ReduceLROnPlateau));
            Factor = factor;
            Patience = patience;
            Cooldown = cooldown;
            MinLearningRate = minLearningRate;
        }

        MonitoredMetric IMonitoringCallback.Monitor => _monitor;

        string IResumableCallback.CheckpointName => _monitor.CheckpointName;

        void IResumableCallback.SaveState(CheckpointContent content, string prefix)
        {
            content.Add(prefix + "wait", _wait);
            content.Add(prefix + "cooldown_left", _cooldownLeft);
            content.Add(prefix + "best", _monitor.Best);
            content.Add(prefix + "reduced_after_epochs", _reduced.Select(e => (long)e));
        }

        Action IResumableCallback.PrepareRestore(CheckpointEntries entries, string prefix)
        {
            int wait = checked((int)entries.Long(prefix + "wait"));
            int cooldownLeft = checked((int)entries.Long(prefix + "cooldown_left"));
            double best = entries.Double(prefix + "best");
            var reduced = entries.Longs(prefix + "reduced_after_epochs").Select(e => checked((int)e)).ToList();
            return () =>
            {
                _wait = wait;
                _cooldownLeft = cooldownLeft;
                _monitor.RestoreBest(best);
                _reduced.Clear();
                _reduced.AddRange(reduced);
            };
        }

        /// <summary>What the rate is multiplied by at each reduction.</summary>
        public double Factor { get; }

        /// <summary>Epochs without improvement before a reduction.</summary>
        public int Patience { get; }

        /// <summary>Epochs after a reduction during which no waiting is counted.</summary>
        public int Cooldown { get; }

        /// <summary>The lowest rate a reduction sets.</summary>
        public double MinLearningRate { get; }

        /// <summary>
        /// The zero-based epochs after which the rate was reduced, in this Fit (and, when it resumed from a
        /// <see cref="BackupAndRestore"/> checkpoint, in the run it resumed).
        /// </summary>
        public IReadOnlyList<int> ReducedAfterEpochs => _reduced;

        private readonly List<int> _reduced = new();

        /// <inheritdoc/>
        public override void OnTrainBegin()
        {
            _monitor.Reset();
            _wait = 0;
            _cooldownLeft = 0;
            _reduced.Clear();
        }

        /// <inheritdoc/>
        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            var model = Model ?? throw new InvalidOperationException("ReduceLROnPlateau is used outside Fit.");
            if (_cooldownLeft > 0)
            {
                _cooldownLeft--;
                _wait = 0;
            }
            if (_monitor.Improved(logs))
            {
                _wait = 0;
                return;
            }
            // As Keras: the epoch that ends the cooldown already counts.
            if (_cooldownLeft > 0 || ++_wait < Patience) return;
            double rate = model.LearningRate;
            // Keras compares in float32, so a rate that already is min_lr (as stored) is not reduced again.
            if ((float)rate > (float)MinLearningRate)
            {
                model.LearningRate = Math.Max(rate * Factor, MinLearningRate);
                _reduced.Add(epoch);
                _cooldownLeft = Cooldown;
                _wait = 0;
            }
        }

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
