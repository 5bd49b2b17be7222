using System;
using System.IO;
using System.Linq;
using Rnn;
using Rnn.Data;

namespace TextGenSample
{
    /// <summary>
    /// Trains the <see cref="CharacterModel"/> as Keras users train a stateful character model: the training part cut
    /// into <see cref="TextGenOptions.BatchSize"/> consecutive streams by <see cref="Sequences.Chunks"/>, and a stateful
    /// <c>Fit</c> that carries each stream's state from one chunk of <see cref="TextGenOptions.Length"/> characters to
    /// the next (gradients stop at the chunk borders), epoch after epoch until the budget is spent.
    /// </summary>
    public static class CharacterTraining
    {
        /// <summary>Adam's learning rate at the start; it follows a cosine down over the budget (<see cref="TrainingBudget"/>).</summary>
        public const double LearningRate = 3e-3;

        /// <summary>Each parameter's gradient norm is clipped to this, as char-rnn does.</summary>
        public const double ClipNorm = 1.0;

        /// <summary>Epochs Fit is asked for: far more than any budget allows, so that the budget ends training.</summary>
        private const int Epochs = 10_000;

        /// <summary>Trains <paramref name="model"/> on <paramref name="split"/>'s training part within the options' budget.</summary>
        /// <returns>The budget, with the steps and time trained.</returns>
        public static TrainingBudget Train(CharacterModel model, CharacterSplit split, TextGenOptions options, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(split);
            ArgumentNullException.ThrowIfNull(options);
            long[] ids = split.Train.ToArray().Select(id => (long)id).ToArray();
            var (x, y) = Sequences.Chunks(ids, options.BatchSize, options.Length);
            using (x)
            using (y)
            {
                // No metric: accuracy per step would cost time, and bits per character is the loss.
                model.Compile(optimizer: Optimizers.Adam(LearningRate, clipNorm: ClipNorm), loss: Losses.SparseCategoricalCrossentropy(),
                    metrics: Array.Empty<IMetric>());
                var budget = new TrainingBudget(options.Minutes, options.Steps, LearningRate, output);
                model.Fit(x, y, epochs: Epochs, batchSize: options.BatchSize, shuffle: false, verbose: 0, callbacks: new[] { budget }, stateful: true);
                return budget;
            }
        }
    }
}
