using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Rnn.Data
{
    /// <summary>Reads the JSON of a saved <see cref="Vocabulary"/>; every fault is a <see cref="FormatException"/>.</summary>
    internal static class VocabularyFile
    {
        public static Vocabulary Read(JsonElement root, string formatName, int formatVersion,
            Func<TokenLevel, bool, string[], Vocabulary> create)
        {
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("it is not a JSON object");
            string format = Property(root, "format", JsonValueKind.String).GetString()!;
            if (format != formatName) throw new FormatException($"format is \"{format}\", expected \"{formatName}\"");
            var versionElement = Property(root, "version", JsonValueKind.Number);
            if (!versionElement.TryGetInt32(out int version) || version != formatVersion)
                throw new FormatException($"version is {versionElement.GetRawText()}, expected {formatVersion.ToString(CultureInfo.InvariantCulture)}");
            string levelName = Property(root, "level", JsonValueKind.String).GetString()!;
            TokenLevel level = levelName switch
            {
                "character" => TokenLevel.Character,
                "word" => TokenLevel.Word,
                _ => throw new FormatException($"level is \"{levelName}\", expected \"character\" or \"word\""),
            };
            var lowercaseElement = Property(root, "lowercase", null);
            if (lowercaseElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw new FormatException($"lowercase is {lowercaseElement.ValueKind}, expected true or false");
            var tokensElement = Property(root, "tokens", JsonValueKind.Array);
            if (tokensElement.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
                throw new FormatException("tokens must all be strings");
            string[] tokens = tokensElement.EnumerateArray().Select(t => t.GetString()!).ToArray();
            var duplicate = tokens.GroupBy(t => t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new FormatException($"token \"{duplicate.Key}\" appears {duplicate.Count()} times");
            return create(level, lowercaseElement.GetBoolean(), tokens);
        }

        private static JsonElement Property(JsonElement root, string name, JsonValueKind? kind)
        {
            if (!root.TryGetProperty(name, out var value)) throw new FormatException($"the property \"{name}\" is missing");
            if (kind is JsonValueKind k && value.ValueKind != k)
                throw new FormatException($"\"{name}\" is {value.ValueKind}, expected {k}");
            return value;
        }
    }
}
