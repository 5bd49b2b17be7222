using Rnn;

namespace LanguageIdSample
{
    /// <summary>
    /// The model: the ids of a word's character n-grams (0 = padding, masked) → a 32-wide embedding of each n-gram → their
    /// average over the word's real n-grams → one logit per class. It is the discriminative counterpart of the
    /// naive Bayes baseline, on the same n-grams (fastText's classifier, with n-grams of characters). The class count is
    /// fixed when the model is generated, so the last layer has <see cref="MaxClasses"/> outputs: a data set with fewer
    /// classes never targets the others (the loss drives their logits down, and <see cref="CharacterModel.Predict"/>
    /// only compares the data's classes).
    /// </summary>
    [Input(Dim.Variable)]
    [Embedding(MaxNgrams, 32, MaskZero = true)]
    [GlobalAveragePooling1D]
    [Dense(MaxClasses)]
    public partial class WordClassifier
    {
        /// <summary>The most classes a data folder may hold: the width of the last layer.</summary>
        public const int MaxClasses = 64;

        /// <summary>
        /// The n-gram vocabulary's size, padding and out-of-vocabulary included: the Embedding's input size. The shipped
        /// languages' 24,000 training words have about 170,000 distinct n-grams; the table holds the most frequent ones.
        /// </summary>
        public const int MaxNgrams = 131072;
    }
}
