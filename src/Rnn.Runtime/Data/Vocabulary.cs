using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Rnn.IO;

namespace Rnn.Data
{
    /// <summary>
    /// Maps text to token ids the way Keras <c>TextVectorization</c> does: id 0 is padding (the empty token), id 1 is
    /// out-of-vocabulary (<c>[UNK]</c>), and the known tokens follow from the most to the least frequent in the
    /// training texts (ties in ordinal order). Text is normalised to Unicode NFC before it is split, so composed and
    /// decomposed spellings get the same ids. Save it next to the model (<see cref="Save"/>, <see cref="Load"/>) so
    /// that predictions on new text use the ids the model was trained with.
    /// </summary>
    /// <remarks>
    /// Normalisation needs ICU: in a process that runs with <c>InvariantGlobalization</c>, .NET does not normalise
    /// text, and building or loading a vocabulary throws <see cref="PlatformNotSupportedException"/> rather than give
    /// different ids to the same text.
    /// </remarks>
    public sealed class Vocabulary
    {
        /// <summary>The id of padding, the empty token: what <see cref="Sequences.Pad"/> fills with.</summary>
        public const int PaddingId = 0;

        /// <summary>The id of every token that is not in the vocabulary.</summary>
        public const int OutOfVocabularyId = 1;

        /// <summary>The token shown for <see cref="OutOfVocabularyId"/>, as in Keras.</summary>
        public const string OutOfVocabularyToken = "[UNK]";

        private const string FormatName = "rnn-vocabulary";
        private const int FormatVersion = 1;

        private static readonly Lazy<bool> NormalisationWorks =
            new(() => "e\u0301".Normalize(NormalizationForm.FormC) == "\u00e9");

        private readonly string[] tokens;
        private readonly Dictionary<string, int> ids;

        private Vocabulary(TokenLevel level, bool lowercase, string[] tokens)
        {
            Level = level;
            Lowercase = lowercase;
            this.tokens = tokens;
            ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
            for (int i = 2; i < tokens.Length; i++) ids.Add(tokens[i], i);
        }

        /// <summary>Whether a token is a character (text element) or a word.</summary>
        public TokenLevel Level { get; }

        /// <summary>Whether text is lower-cased (invariant culture) before it is split.</summary>
        public bool Lowercase { get; }

        /// <summary>The number of ids, padding and out-of-vocabulary included: the <c>inputDim</c> of an Embedding.</summary>
        public int Count => tokens.Length;

        /// <summary>The tokens by id: <c>Tokens[0]</c> is <c>""</c>, <c>Tokens[1]</c> is <c>[UNK]</c>.</summary>
        public IReadOnlyList<string> Tokens => tokens;

        /// <summary>
        /// Builds a vocabulary from the training texts. Tokens seen fewer than <paramref name="minFrequency"/> times
        /// are left out, and only the most frequent are kept when <paramref name="maxSize"/> is set (as Keras
        /// <c>max_tokens</c>, the size counts padding and out-of-vocabulary).
        /// </summary>
        /// <param name="texts">The training texts (never the test texts).</param>
        /// <param name="level">Characters or words.</param>
        /// <param name="maxSize">At most this many ids, at least 2; <see langword="null"/> for no limit.</param>
        /// <param name="minFrequency">Keep only tokens seen at least this often, at least 1.</param>
        /// <param name="lowercase">Lower-case the text (invariant culture) before splitting it.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSize"/> is below 2, <paramref name="minFrequency"/> below 1 or <paramref name="level"/> undefined.</exception>
        /// <exception cref="PlatformNotSupportedException">The process cannot normalise Unicode (invariant globalization).</exception>
        public static Vocabulary Build(IEnumerable<string> texts, TokenLevel level, int? maxSize = null,
            int minFrequency = 1, bool lowercase = false)
        {
            ArgumentNullException.ThrowIfNull(texts);
            CheckLevel(level);
            if (maxSize is < 2)
                throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize,
                    $"Vocabulary.Build needs maxSize of at least 2 (padding and out-of-vocabulary), got {maxSize}.");
            if (minFrequency < 1)
                throw new ArgumentOutOfRangeException(nameof(minFrequency), minFrequency,
                    $"Vocabulary.Build needs minFrequency of at least 1, got {minFrequency}.");
            RequireNormalisation();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string text in texts)
            {
                if (text is null) throw new ArgumentException("Vocabulary.Build: a text is null.", nameof(texts));
                foreach (string token in Split(text, level, lowercase))
                    counts[token] = counts.GetValueOrDefault(token) + 1;
            }
            var kept = counts.Where(c => c.Value >= minFrequency && c.Key != OutOfVocabularyToken)
                .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => c.Key);
            if (maxSize is int max) kept = kept.Take(max - 2);
            return new Vocabulary(level, lowercase, new[] { "", OutOfVocabularyToken }.Concat(kept).ToArray());
        }

        /// <summary>
        /// Splits <paramref name="text"/> into tokens the way this vocabulary does: NFC, lower case if
        /// <see cref="Lowercase"/>, then text elements or white-space separated words.
        /// </summary>
        public IReadOnlyList<string> Tokenize(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            return Split(text, Level, Lowercase).ToList();
        }

        /// <summary>The ids of the tokens of <paramref name="text"/>; unknown tokens get <see cref="OutOfVocabularyId"/>.</summary>
        public int[] Encode(string text) => Tokenize(text).Select(IdOf).ToArray();

        /// <summary>The ids of each text, for <see cref="Sequences.Pad"/>.</summary>
        public IReadOnlyList<int[]> Encode(IEnumerable<string> texts)
        {
            ArgumentNullException.ThrowIfNull(texts);
            return texts.Select(Encode).ToList();
        }

        /// <summary>The id of one token (already normalised), or <see cref="OutOfVocabularyId"/>.</summary>
        public int IdOf(string token)
        {
            ArgumentNullException.ThrowIfNull(token);
            if (token.Length == 0) return PaddingId;
            return ids.TryGetValue(token, out int id) ? id : OutOfVocabularyId;
        }

        /// <summary>The tokens of <paramref name="ids"/> joined back into text (words with spaces); padding is skipped.</summary>
        /// <exception cref="ArgumentOutOfRangeException">An id is negative or not below <see cref="Count"/>.</exception>
        public string Decode(IEnumerable<int> ids)
        {
            ArgumentNullException.ThrowIfNull(ids);
            var parts = new List<string>();
            foreach (int id in ids)
            {
                if (id < 0 || id >= tokens.Length)
                    throw new ArgumentOutOfRangeException(nameof(ids), id, $"Vocabulary: id {id} is not in 0..{tokens.Length - 1}.");
                if (id != PaddingId) parts.Add(tokens[id]);
            }
            return string.Join(Level == TokenLevel.Word ? " " : "", parts);
        }

        /// <summary>
        /// Saves the vocabulary as UTF-8 JSON (format name, version, level, lower-casing, tokens by id). The file is
        /// written to a temporary file and moved into place, so an existing file is never left half written.
        /// </summary>
        public void Save(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            AtomicFile.WriteStream(path, stream =>
            {
                using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                json.WriteStartObject();
                json.WriteString("format", FormatName);
                json.WriteNumber("version", FormatVersion);
                json.WriteString("level", Level == TokenLevel.Character ? "character" : "word");
                json.WriteBoolean("lowercase", Lowercase);
                json.WriteStartArray("tokens");
                foreach (string token in tokens) json.WriteStringValue(token);
                json.WriteEndArray();
                json.WriteEndObject();
            });
        }

        /// <summary>Loads a vocabulary written by <see cref="Save"/>, checking every part of the file.</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is not a valid vocabulary; the message names the file and the fault.</exception>
        /// <exception cref="PlatformNotSupportedException">The process cannot normalise Unicode (invariant globalization).</exception>
        public static Vocabulary Load(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            if (!File.Exists(path)) throw new FileNotFoundException($"The vocabulary file '{path}' does not exist.", path);
            RequireNormalisation();
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                return VocabularyFile.Read(document.RootElement, FormatName, FormatVersion, (level, lowercase, tokens) =>
                {
                    var vocabulary = new Vocabulary(level, lowercase, tokens);
                    vocabulary.CheckTokens();
                    return vocabulary;
                });
            }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException)
            {
                throw new InvalidDataException($"The vocabulary file '{path}' is not valid: {e.Message}", e);
            }
        }

        private void CheckTokens()
        {
            if (tokens.Length < 2 || tokens[0] != "" || tokens[1] != OutOfVocabularyToken)
                throw new FormatException($"the tokens must start with \"\" (padding) and \"{OutOfVocabularyToken}\" (out-of-vocabulary)");
            for (int i = 2; i < tokens.Length; i++)
            {
                var split = Split(tokens[i], Level, Lowercase).ToList();
                if (split.Count != 1 || split[0] != tokens[i])
                    throw new FormatException(
                        $"token {i} \"{tokens[i]}\" is not one normalised {(Level == TokenLevel.Character ? "character" : "word")}" +
                        (Lowercase ? " in lower case" : ""));
            }
        }

        internal static IEnumerable<string> Split(string text, TokenLevel level, bool lowercase)
        {
            string normal = text.Normalize(NormalizationForm.FormC);
            if (lowercase) normal = normal.ToLowerInvariant();
            return level == TokenLevel.Character ? TextElements(normal) : Words(normal);
        }

        private static IEnumerable<string> TextElements(string text)
        {
            var enumerator = StringInfo.GetTextElementEnumerator(text);
            while (enumerator.MoveNext()) yield return enumerator.GetTextElement();
        }

        private static IEnumerable<string> Words(string text)
        {
            var word = new StringBuilder();
            foreach (string element in TextElements(text))
            {
                if (element.All(char.IsWhiteSpace))
                {
                    if (word.Length > 0) yield return word.ToString();
                    word.Clear();
                }
                else word.Append(element);
            }
            if (word.Length > 0) yield return word.ToString();
        }

        private static void CheckLevel(TokenLevel level)
        {
            if (!Enum.IsDefined(level))
                throw new ArgumentOutOfRangeException(nameof(level), level, $"Vocabulary: level must be Character or Word, got {(int)level}.");
        }

        private static void RequireNormalisation()
        {
            if (!NormalisationWorks.Value)
                throw new PlatformNotSupportedException(
                    "Vocabulary normalises text to Unicode NFC, which .NET cannot do in globalization-invariant mode " +
                    "(InvariantGlobalization=true or DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1): run with ICU, e.g. set " +
                    "<InvariantGlobalization>false</InvariantGlobalization> in the project that runs the model.");
        }
    }
}
