using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace G2PSample
{
    /// <summary>The sample's data: the lexicon, its training and held-out words, and the two vocabularies of the training words.</summary>
    /// <param name="Lexicon">The lexicon as read.</param>
    /// <param name="Train">The words the model trains on.</param>
    /// <param name="Test">The held-out words it is scored on.</param>
    /// <param name="Letters">The letters of the training words.</param>
    /// <param name="Phonemes">The phonemes of the training words.</param>
    public sealed record G2PData(Lexicon Lexicon, IReadOnlyList<LexiconEntry> Train, IReadOnlyList<LexiconEntry> Test, SymbolVocabulary Letters, SymbolVocabulary Phonemes)
    {
        /// <summary>Reads the lexicon of <paramref name="options"/>, holds out its words, builds the vocabularies and says so on <paramref name="output"/>.</summary>
        /// <exception cref="IOException">The lexicon cannot be read, is invalid, or has more symbols than the model holds.</exception>
        public static G2PData Load(G2POptions options, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            var lexicon = Lexicon.Load(options.Data);
            var (train, test) = lexicon.Split(options.Seed);
            var letters = SymbolVocabulary.Build(train.Select(e => e.Letters));
            var phonemes = SymbolVocabulary.Build(train.Select(e => e.Phonemes));
            string duplicates = lexicon.DuplicatesSkipped > 0 ? Invariant($" ({lexicon.DuplicatesSkipped:N0} repeated words left out)") : "";
            output.WriteLine(Invariant($"lexicon: {options.Data}: {lexicon.Entries.Count:N0} words{duplicates}; {train.Count:N0} train, {test.Count:N0} held out (seed {options.Seed})"));
            output.WriteLine(Invariant($"vocabularies: {letters.Count - 4} letters and {phonemes.Count - 4} phonemes in the training words (each with 4 reserved ids: padding, start, end, unknown)"));
            CheckVocabulary("letters", letters, G2PModel.MaxLetterIds, nameof(G2PModel.MaxLetterIds));
            CheckVocabulary("phonemes", phonemes, G2PModel.MaxPhonemeIds, nameof(G2PModel.MaxPhonemeIds));
            return new G2PData(lexicon, train, test, letters, phonemes);
        }

        /// <summary>Throws when the training words have more symbols than the model's Embedding holds.</summary>
        private static void CheckVocabulary(string what, SymbolVocabulary vocabulary, int capacity, string constant)
        {
            if (vocabulary.Count > capacity)
                throw new InvalidDataException(Invariant(
                    $"G2P: the training words have {vocabulary.Count - 4} {what}, but the model holds at most {capacity - 4} (G2PModel.{constant} - 4 reserved ids)."));
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
