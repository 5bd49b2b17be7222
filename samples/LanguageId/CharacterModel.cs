using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Rnn;
using Rnn.Data;
using static TorchSharp.torch;

namespace LanguageIdSample
{
    /// <summary>
    /// Trains <see cref="Members"/> <see cref="WordClassifier"/>s with <see cref="RnnModel.Fit"/> and predicts with the
    /// average of their probabilities. Each trains on all the training words, as the baseline counts them; each epoch it
    /// sees every word with a new random 35% of its n-grams left out (<see cref="NgramDropout"/>), so that it cannot
    /// learn a word by one rare n-gram.
    /// </summary>
    internal static class CharacterModel
    {
        /// <summary>The share of each word's n-grams left out in an epoch of training (a new choice every epoch).</summary>
        public const double NgramDropout = 0.35;

        /// <summary>
        /// The models trained, each from its own seed (<c>--seed</c> + 1000 k) and its own n-gram dropout, whose
        /// probabilities are averaged: one model's accuracy on new words varies by a few tenths of a point with the draws.
        /// </summary>
        public const int Members = 3;

        /// <summary>Builds, compiles and trains the <see cref="Members"/> models on the n-gram ids (<see cref="LanguageIdRun.Encode"/>) of the words in <paramref name="train"/>.</summary>
        /// <exception cref="ArgumentException">The data has more classes than the model has outputs.</exception>
        public static WordClassifier[] Train(LabeledTexts train, CharacterNgrams ngrams, Vocabulary vocabulary, LanguageIdOptions options, TextWriter output)
        {
            if (train.Classes.Count > WordClassifier.MaxClasses)
                throw new ArgumentException(
                    $"LanguageId: the data has {train.Classes.Count} classes, but WordClassifier has {WordClassifier.MaxClasses} outputs; " +
                    $"raise WordClassifier.MaxClasses to at least {train.Classes.Count}.", nameof(train));
            using var x = LanguageIdRun.Encode(train, ngrams, vocabulary);
            using var y = Labels(train);
            using var generator = new Generator(unchecked((ulong)options.Seed));
            var models = new WordClassifier[Members];
            try
            {
                for (int k = 0; k < Members; k++)
                {
                    long seed = unchecked(options.Seed + 1000L * k);
                    models[k] = new WordClassifier(seed);
                    TrainOne(models[k], x, y, options, seed, generator, $"model {k + 1}/{Members}", output);
                }
                return models;
            }
            catch
            {
                foreach (var model in models) model?.Dispose(); // the ones made before the failure
                throw;
            }
        }

        private static void TrainOne(WordClassifier model, Tensor x, Tensor y, LanguageIdOptions options, long seed, Generator generator, string name, TextWriter output)
        {
            model.Compile(Optimizers.Adam(options.LearningRate), Losses.SparseCategoricalCrossentropy(fromLogits: true));
            var history = new History();
            var callbacks = new Callback[] { LearningRateScheduler.CosineDecay(options.LearningRate, options.Epochs), history };
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                long started = Stopwatch.GetTimestamp();
                using var epochX = DropNgrams(x, NgramDropout, generator);
                // One Fit call per epoch, each on its own dropout; initialEpoch keeps the schedule and the history going.
                model.Fit(epochX, y, epoch + 1, options.BatchSize, seed: seed + epoch, initialEpoch: epoch, verbose: 0, callbacks: callbacks);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name} epoch {epoch + 1}/{options.Epochs} - {Stopwatch.GetElapsedTime(started).TotalSeconds:F1}s - accuracy: {history.Metrics["accuracy"][^1]:F4} - loss: {history.Metrics["loss"][^1]:F4}"));
            }
        }

        /// <summary>
        /// <paramref name="ids"/> [n, time] with each id other than padding replaced by padding (0, masked) with probability
        /// <paramref name="rate"/>; a word that would lose all its n-grams keeps them.
        /// </summary>
        public static Tensor DropNgrams(Tensor ids, double rate, Generator generator)
        {
            using var scope = NewDisposeScope();
            var dropped = ids.masked_fill(rand(new[] { ids.size(0), ids.size(1) }, generator: generator).lt(rate), 0L);
            var emptied = dropped.ne(0L).any(1, keepdim: true).logical_not();
            return where(emptied, ids, dropped).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// The most probable of the data's <paramref name="classes"/> classes for each row of ids [n, time], by the
        /// average of the <paramref name="models"/>' probabilities over those classes.
        /// </summary>
        public static int[] Predict(WordClassifier[] models, Tensor x, int classes)
        {
            using var scope = NewDisposeScope();
            var probabilities = models.Select(m => m.Predict(x, batchSize: 256).narrow(1, 0, classes).softmax(1)).Aggregate((a, b) => a + b);
            return probabilities.argmax(1).data<long>().Select(v => (int)v).ToArray();
        }

        private static Tensor Labels(LabeledTexts texts) => tensor(texts.Labels.Select(l => (long)l).ToArray());
    }
}
