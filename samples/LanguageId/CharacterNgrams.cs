using System;
using System.Linq;

namespace LanguageIdSample
{
    /// <summary>
    /// The model's tokens: the character n-grams (n = 1 to <see cref="NaiveBayes.MaxN"/>) of <c>⟨word⟩</c>, the same
    /// n-grams the baseline counts, written as one space-separated text so a word-level <see cref="Rnn.Data.Vocabulary"/>
    /// gives each n-gram its id.
    /// </summary>
    public static class CharacterNgrams
    {
        /// <summary>Stands for white space inside an n-gram, as white space separates the n-grams.</summary>
        public const char Space = '\u2581';

        /// <summary>The n-grams of <paramref name="text"/>, separated by spaces; white space inside them becomes <see cref="Space"/>.</summary>
        public static string Text(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            return string.Join(' ', NaiveBayes.Grams(text).Select(g => string.Concat(g.Select(c => char.IsWhiteSpace(c) ? Space : c))));
        }
    }
}
