using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace G2PSample
{
    /// <summary>
    /// A pronunciation lexicon read from a <c>word&lt;TAB&gt;phoneme phoneme …</c> file (UTF-8, gzip-compressed when its
    /// name ends in <c>.gz</c>), one pronunciation per word, in the file's order.
    /// </summary>
    /// <remarks>
    /// Empty lines are skipped. A word given again keeps its first pronunciation (<see cref="DuplicatesSkipped"/> counts
    /// the others), so every word is in either the training or the held-out part, never both. Any other line that is not
    /// a word, one tab and at least one phoneme is an error naming the file and the line.
    /// </remarks>
    public sealed class Lexicon
    {
        /// <summary>The fewest words a lexicon may have: enough to hold out one word in ten.</summary>
        public const int MinWords = 10;

        /// <summary>The share of the words held out from training.</summary>
        public const double TestFraction = 0.1;

        private const int ShownLineLength = 60;

        private Lexicon(IReadOnlyList<LexiconEntry> entries, int duplicatesSkipped)
        {
            Entries = entries;
            DuplicatesSkipped = duplicatesSkipped;
        }

        /// <summary>The words and their phonemes, in the file's order.</summary>
        public IReadOnlyList<LexiconEntry> Entries { get; }

        /// <summary>The lines of words seen before: left out.</summary>
        public int DuplicatesSkipped { get; }

        /// <summary>Reads a lexicon file.</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">A line is not <c>word&lt;TAB&gt;phonemes</c>, the file is not UTF-8, or it has fewer than <see cref="MinWords"/> words.</exception>
        public static Lexicon Load(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            if (!File.Exists(path)) throw new FileNotFoundException($"G2P: the lexicon file '{path}' does not exist.", path);
            try
            {
                using var file = File.OpenRead(path);
                using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
                using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
                return Parse(reader, path);
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidDataException($"G2P: the lexicon file '{path}' is not valid UTF-8: {e.Message}", e);
            }
        }

        /// <summary>Reads a lexicon from <paramref name="reader"/>; <paramref name="name"/> names it in errors.</summary>
        /// <exception cref="InvalidDataException">A line is not <c>word&lt;TAB&gt;phonemes</c>, or there are fewer than <see cref="MinWords"/> words.</exception>
        public static Lexicon Parse(TextReader reader, string name)
        {
            ArgumentNullException.ThrowIfNull(reader);
            ArgumentNullException.ThrowIfNull(name);
            var entries = new List<LexiconEntry>();
            var words = new HashSet<string>(StringComparer.Ordinal);
            int duplicates = 0, number = 0;
            for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                number++;
                if (line.Length == 0) continue;
                var entry = ParseLine(line, name, number);
                if (words.Add(entry.Word)) entries.Add(entry);
                else duplicates++;
            }
            if (entries.Count < MinWords)
                throw new InvalidDataException($"G2P: the lexicon '{name}' has {entries.Count} words; it needs at least {MinWords}.");
            return new Lexicon(entries, duplicates);
        }

        /// <summary>
        /// The training words and the held-out words: a fixed random <see cref="TestFraction"/> of the words (rounded),
        /// those with the smallest SHA-256 of <c>"{seed}:{word}"</c> (UTF-8). Both parts keep the file's order. The
        /// choice depends only on the seed and the words, not on their order or on the machine.
        /// </summary>
        public (IReadOnlyList<LexiconEntry> Train, IReadOnlyList<LexiconEntry> Test) Split(long seed)
        {
            int testCount = (int)Math.Round(Entries.Count * TestFraction, MidpointRounding.AwayFromZero);
            var held = Entries
                .Select(e => (Entry: e, Hash: Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Invariant($"{seed}:{e.Word}"))))))
                .OrderBy(x => x.Hash, StringComparer.Ordinal)
                .Take(testCount)
                .Select(x => x.Entry.Word)
                .ToHashSet(StringComparer.Ordinal);
            return (Entries.Where(e => !held.Contains(e.Word)).ToList(), Entries.Where(e => held.Contains(e.Word)).ToList());
        }

        private static LexiconEntry ParseLine(string line, string name, int number)
        {
            int tab = line.IndexOf('\t');
            string? fault =
                tab < 0 ? "it has no tab" :
                line.IndexOf('\t', tab + 1) >= 0 ? "it has more than one tab" :
                tab == 0 ? "the word is empty" :
                line[..tab].Any(char.IsWhiteSpace) ? "the word has white space in it" :
                string.IsNullOrWhiteSpace(line[(tab + 1)..]) ? "it has no phonemes" :
                null;
            if (fault is not null)
            {
                string shown = line.Length <= ShownLineLength ? line : line[..ShownLineLength] + "…";
                throw new InvalidDataException(
                    $"G2P: '{name}' line {number}: expected 'word<TAB>phoneme phoneme …', but {fault}: \"{shown.Replace("\t", "\\t", StringComparison.Ordinal)}\"");
            }
            string word = line[..tab].Normalize(NormalizationForm.FormC);
            string[] phonemes = line[(tab + 1)..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return new LexiconEntry(word, TextElements(word), phonemes);
        }

        private static string[] TextElements(string word)
        {
            var letters = new List<string>();
            var enumerator = StringInfo.GetTextElementEnumerator(word);
            while (enumerator.MoveNext()) letters.Add(enumerator.GetTextElement());
            return letters.ToArray();
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
