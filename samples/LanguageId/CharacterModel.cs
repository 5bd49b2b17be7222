using System;
using System.IO;
using System.Linq;
using Rnn;
using Rnn.Data;
using static TorchSharp.torch;

namespace LanguageIdSample
{
    /// <summary>Trains the <see cref="WordClassifier"/> with <see cref="O:Rnn.RnnModel.Fit"/> and predicts with it.</summary>
    internal static class CharacterModel
    {
        /// <summary>The share of the training words held out to validate each epoch (never the test words).</summary>
        public const double ValidationFraction = 0.1;

        /// <summary>Builds, compiles and trains the model on the n-gram ids (<see cref="LanguageIdRun.Encode"/>) of the words in <paramref name="train"/>.</summary>
        /// <exception cref="ArgumentException">The data has more classes than the model has outputs.</exception>
        public static WordClassifier Train(LabeledTexts train, CharacterNgrams ngrams, Vocabulary vocabulary, LanguageIdOptions options, TextWriter output)
        {
            if (train.Classes.Count > WordClassifier.MaxClasses)
                throw new ArgumentException(
                    $"LanguageId: the data has {train.Classes.Count} classes, but WordClassifier has {WordClassifier.MaxClasses} outputs; " +
                    $"raise WordClassifier.MaxClasses to at least {train.Classes.Count}.", nameof(train));
            var (fit, validation) = train.Split(ValidationFraction, unchecked((int)options.Seed) + 1);
            var model = new WordClassifier(options.Seed);
            model.Compile(Optimizers.Adam(options.LearningRate), Losses.SparseCategoricalCrossentropy(fromLogits: true));
            using var x = LanguageIdRun.Encode(fit, ngrams, vocabulary);
            using var y = Labels(fit);
            using var validationX = LanguageIdRun.Encode(validation, ngrams, vocabulary);
            using var validationY = Labels(validation);
            model.Fit(x, y, options.Epochs, options.BatchSize, seed: options.Seed, validationData: (validationX, validationY),
                verbose: 2, output: output, callbacks: new Callback[] { LearningRateScheduler.CosineDecay(options.LearningRate, options.Epochs) });
            return model;
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
