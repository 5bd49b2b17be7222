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
    /// Trains the <see cref="WordClassifier"/> with <see cref="RnnModel.Fit"/> and predicts with it. The model trains on all
    /// the training words, as the baseline does; each epoch it sees every word with a new random fifth of its n-grams
    /// left out (<see cref="NgramDropout"/>), so that it cannot learn a word by one rare n-gram.
    /// </summary>
    internal static class CharacterModel
    {
        /// <summary>The share of each word's n-grams left out in an epoch of training (a new choice every epoch).</summary>
        public const double NgramDropout = 0.2;

        /// <summary>Builds, compiles and trains the model on the n-gram ids (<see cref="LanguageIdRun.Encode"/>) of the words in <paramref name="train"/>.</summary>
        /// <exception cref="ArgumentException">The data has more classes than the model has outputs.</exception>
        public static WordClassifier Train(LabeledTexts train, CharacterNgrams ngrams, Vocabulary vocabulary, LanguageIdOptions options, TextWriter output)
        {
            if (train.Classes.Count > WordClassifier.MaxClasses)
                throw new ArgumentException(
                    $"LanguageId: the data has {train.Classes.Count} classes, but WordClassifier has {WordClassifier.MaxClasses} outputs; " +
                    $"raise WordClassifier.MaxClasses to at least {train.Classes.Count}.", nameof(train));
            var model = new WordClassifier(options.Seed);
            model.Compile(Optimizers.Adam(options.LearningRate), Losses.SparseCategoricalCrossentropy(fromLogits: true));
            using var x = LanguageIdRun.Encode(train, ngrams, vocabulary);
            using var y = Labels(train);
            using var generator = new Generator(unchecked((ulong)options.Seed));
            var history = new History();
            var callbacks = new Callback[] { LearningRateScheduler.CosineDecay(options.LearningRate, options.Epochs), history };
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                long started = Stopwatch.GetTimestamp();
                using var epochX = DropNgrams(x, NgramDropout, generator);
                // One Fit call per epoch, each on its own dropout; initialEpoch keeps the schedule and the history going.
                model.Fit(epochX, y, epoch + 1, options.BatchSize, seed: options.Seed + epoch, initialEpoch: epoch, verbose: 0, callbacks: callbacks);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Epoch {epoch + 1}/{options.Epochs} - {Stopwatch.GetElapsedTime(started).TotalSeconds:F1}s - accuracy: {history.Metrics["accuracy"][^1]:F4} - loss: {history.Metrics["loss"][^1]:F4}"));
            }
            return model;
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

        /// <summary>The most probable of the data's <paramref name="classes"/> classes for each row of ids [n, time].</summary>
        public static int[] Predict(WordClassifier model, Tensor x, int classes)
        {
            using var scope = NewDisposeScope();
            var logits = model.Predict(x, batchSize: 256).narrow(1, 0, classes);
            return logits.argmax(1).data<long>().Select(v => (int)v).ToArray();
        }

        private static Tensor Labels(LabeledTexts texts) => tensor(texts.Labels.Select(l => (long)l).ToArray());
    }
}
