using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Rnn;

namespace TextGenSample
{
    /// <summary>
    /// Spends a training budget of steps, capped in time: the learning rate follows a cosine from its peak down to
    /// <see cref="FinalFraction"/> of it as the budget is used (the larger of the shares of time and of steps), training
    /// ends when either runs out, and the running loss is reported in bits per character every <see cref="ReportEvery"/>
    /// steps (Fit's own progress counts epochs, and TextGen stops mid-epoch).
    /// </summary>
    public sealed class TrainingBudget : Callback
    {
        /// <summary>Steps between two progress lines.</summary>
        public const int ReportEvery = 500;

        /// <summary>The learning rate at the end of the budget, as a share of the peak.</summary>
        public const double FinalFraction = 0.05;

        private readonly TimeSpan _time; // TimeSpan.MaxValue for no limit
        private readonly int _steps;
        private readonly double _peak;
        private readonly TextWriter _output;
        private readonly Stopwatch _clock = new();

        /// <param name="minutes">The most training time, or null for no limit.</param>
        /// <param name="steps">The training steps.</param>
        /// <param name="peakLearningRate">The learning rate at the start.</param>
        /// <param name="output">Where the progress lines go.</param>
        public TrainingBudget(double? minutes, int steps, double peakLearningRate, TextWriter output)
        {
            _time = minutes is double m ? TimeSpan.FromMinutes(m) : TimeSpan.MaxValue;
            _steps = steps;
            _peak = peakLearningRate;
            _output = output;
        }

        /// <summary>The steps trained so far.</summary>
        public int Steps { get; private set; }

        /// <summary>The time trained so far.</summary>
        public TimeSpan Elapsed => _clock.Elapsed;

        /// <summary>Starts the clock.</summary>
        public override void OnTrainBegin() => _clock.Restart();

        /// <summary>Sets the learning rate for the share of the budget used.</summary>
        public override void OnTrainBatchBegin(int batch)
        {
            double used = Math.Min(1, Math.Max(_clock.Elapsed / _time, (double)Steps / _steps));
            Model!.LearningRate = _peak * (FinalFraction + (1 - FinalFraction) * 0.5 * (1 + Math.Cos(Math.PI * used)));
        }

        /// <summary>Counts the step, reports now and then, and stops training when the budget is spent.</summary>
        public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
        {
            Steps++;
            if (Steps % ReportEvery == 0)
                _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  step {Steps:N0}, {_clock.Elapsed.TotalMinutes:F1} min: training loss {logs["loss"] / Math.Log(2):F3} bits per char (this epoch so far)"));
            if (_clock.Elapsed >= _time || Steps == _steps) Model!.StopTraining = true;
        }

        /// <summary>Stops the clock.</summary>
        public override void OnTrainEnd() => _clock.Stop();
    }
}
