using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Rnn.Data;

namespace TextGenSample
{
    /// <summary>
    /// A text as character ids, split for a language model: the first 90% of its characters train, the last 10% test.
    /// </summary>
    /// <remarks>
    /// A character is a text element of the NFC-normalised text, as <see cref="Vocabulary"/> splits text at
    /// <see cref="TokenLevel.Character"/>: <c>é</c> is one character however it is encoded, and so is a line break
    /// <c>\r\n</c>. The vocabulary holds the characters of the training part only, most frequent first from id 2 (0 is
    /// padding, 1 out of vocabulary), at most as many as a size given to <see cref="Load"/> (the rarer characters then
    /// share id 1, in both parts). A test character that the vocabulary lacks gets id 1
    /// (<see cref="Vocabulary.OutOfVocabularyId"/>): unless the training part has id 1 too, it is context for the
    /// characters after it but is not scored, by the baseline or the model, since neither can give it a probability;
    /// <see cref="UnseenTestCharacters"/> counts them.
    /// </remarks>
    public sealed class CharacterSplit
    {
        /// <summary>The share of the characters that train, from the start of the text.</summary>
        public const double TrainFraction = 0.9;

        /// <summary>The fewest characters a text may have.</summary>
        public const int MinCharacters = 100;

        private CharacterSplit(Vocabulary vocabulary, int[] train, int[] test)
        {
            Vocabulary = vocabulary;
            Train = train;
            Test = test;
            UnseenTestCharacters = test.Count(id => id == Vocabulary.OutOfVocabularyId);
        }

        /// <summary>The characters of the training part, with padding (0) and out of vocabulary (1).</summary>
        public Vocabulary Vocabulary { get; }

        /// <summary>The ids of the training part, the first <see cref="TrainFraction"/> of the characters.</summary>
        public ReadOnlyMemory<int> Train { get; }

        /// <summary>The ids of the test part, the characters after the training part.</summary>
        public ReadOnlyMemory<int> Test { get; }

        /// <summary>The test characters that are not in the training part (id 1): not scored.</summary>
        public int UnseenTestCharacters { get; }

        /// <summary>Reads a UTF-8 text file, gzip-compressed when its name ends in <c>.gz</c>, and splits it.</summary>
        /// <param name="path">The text file.</param>
        /// <param name="vocabularySize">The most ids, padding and out of vocabulary included; null for every character of the training part.</param>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is not UTF-8 (or not gzip), or has fewer than <see cref="MinCharacters"/> characters.</exception>
        public static CharacterSplit Load(string path, int? vocabularySize = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            if (!File.Exists(path)) throw new FileNotFoundException($"TextGen: the text file '{path}' does not exist.", path);
            string text;
            try
            {
                using var file = File.OpenRead(path);
                using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
                using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
                text = reader.ReadToEnd();
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidDataException($"TextGen: the text file '{path}' is not valid UTF-8: {e.Message}", e);
            }
            return Split(text, path, vocabularySize);
        }

        /// <summary>Splits <paramref name="text"/> (named <paramref name="name"/> in errors) into its training and test parts.</summary>
        /// <param name="text">The text.</param>
        /// <param name="name">The text's name in errors.</param>
        /// <param name="vocabularySize">The most ids, padding and out of vocabulary included; null for every character of the training part.</param>
        /// <exception cref="InvalidDataException">The text has fewer than <see cref="MinCharacters"/> characters.</exception>
        public static CharacterSplit Split(string text, string name, int? vocabularySize = null)
        {
            ArgumentNullException.ThrowIfNull(text);
            string normal = text.Normalize(NormalizationForm.FormC);
            int[] starts = StringInfo.ParseCombiningCharacters(normal);
            if (starts.Length < MinCharacters)
                throw new InvalidDataException($"TextGen: the text '{name}' has {starts.Length} characters; it needs at least {MinCharacters}.");
            int cut = starts[(int)(starts.Length * TrainFraction)];
            string train = normal[..cut], test = normal[cut..];
            var vocabulary = Vocabulary.Build(new[] { train }, TokenLevel.Character, maxSize: vocabularySize);
            return new CharacterSplit(vocabulary, vocabulary.Encode(train), vocabulary.Encode(test));
        }

        /// <summary>
        /// The text of <paramref name="ids"/>: each id's character, with U+FFFD for an id that has none (out of
        /// vocabulary, or beyond the vocabulary) and nothing for padding.
        /// </summary>
        public string Decode(IEnumerable<long> ids)
        {
            ArgumentNullException.ThrowIfNull(ids);
            var text = new StringBuilder();
            foreach (long id in ids)
                text.Append(id == Vocabulary.PaddingId ? "" : id > Vocabulary.OutOfVocabularyId && id < Vocabulary.Count ? Vocabulary.Tokens[(int)id] : "\uFFFD");
            return text.ToString();
        }
    }
}
