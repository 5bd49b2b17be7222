using System;
using System.IO;
using Rnn.Data;
using Xunit;

namespace Rnn.Runtime.Tests.Data
{
    public sealed class VocabularyTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-vocab-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [Fact]
        public void Build_Characters_PaddingZero_UnknownOne_ThenByFrequency_TiesInOrdinalOrder()
        {
            // Counts: a 3, c 3, b 2, z 2.
            var vocabulary = Vocabulary.Build(new[] { "abcca", "cab", "zz" }, TokenLevel.Character);

            Assert.Equal(new[] { "", "[UNK]", "a", "c", "b", "z" }, vocabulary.Tokens);
            Assert.Equal(6, vocabulary.Count);
            Assert.Equal(new[] { 4, 2, 1, 3 }, vocabulary.Encode("baxc"));
        }

        [Fact]
        public void Build_MaxSizeCountsPaddingAndUnknown_MinFrequencyDropsRareTokens()
        {
            string[] texts = { "abcca", "cab", "zz", "q" };

            Assert.Equal(new[] { "", "[UNK]", "a", "c" }, Vocabulary.Build(texts, TokenLevel.Character, maxSize: 4).Tokens);
            Assert.Equal(new[] { "", "[UNK]", "a", "c" }, Vocabulary.Build(texts, TokenLevel.Character, minFrequency: 3).Tokens);
            Assert.Equal(new[] { "", "[UNK]", "a", "c", "b", "z" }, Vocabulary.Build(texts, TokenLevel.Character, minFrequency: 2).Tokens);
        }

        [Fact]
        public void Characters_AreNfcTextElements_NotUtf16Units()
        {
            const string composed = "caf\u00e9", decomposed = "cafe\u0301";
            const string thumbs = "\U0001F44D\U0001F3FD", flag = "\U0001F1E9\U0001F1EA", hangul = "\u1100\u1161";
            var vocabulary = Vocabulary.Build(new[] { composed, thumbs + flag, hangul, "日本語" }, TokenLevel.Character);

            Assert.Equal(vocabulary.Encode(composed), vocabulary.Encode(decomposed));
            Assert.Equal(4, vocabulary.Encode(decomposed).Length);
            Assert.Equal(new[] { thumbs, flag }, vocabulary.Tokenize(thumbs + flag));
            Assert.Equal(new[] { "\uAC00" }, vocabulary.Tokenize(hangul)); // conjoining jamo compose to one syllable
            Assert.DoesNotContain(Vocabulary.OutOfVocabularyId, vocabulary.Encode("日本語" + thumbs));
        }

        [Fact]
        public void Words_SplitOnAnyWhiteSpace_OptionallyLowerCase()
        {
            var vocabulary = Vocabulary.Build(new[] { "The cat\tsat\n on the  mat", "the end" }, TokenLevel.Word, lowercase: true);

            Assert.Equal("the", vocabulary.Tokens[2]); // 3 times
            Assert.Equal(new[] { "the", "cat", "sat" }, vocabulary.Tokenize("THE Cat\u00a0sat"));
            Assert.Equal(new[] { 2, 1, 2 }, vocabulary.Encode("the dog The"));
            Assert.Equal("the cat", vocabulary.Decode(new[] { 0, 0, 2, vocabulary.IdOf("cat") }));
        }

        [Fact]
        public void SaveLoad_RoundTrips_SoNewTextGetsTheSameIds()
        {
            var vocabulary = Vocabulary.Build(new[] { "Grüße", "straße", "ça va", "e\u0301té" }, TokenLevel.Character, minFrequency: 1);
            string path = Path.Combine(_dir, "sub", "vocab.json");

            vocabulary.Save(path);
            var loaded = Vocabulary.Load(path);

            Assert.Equal(vocabulary.Tokens, loaded.Tokens);
            Assert.Equal(vocabulary.Level, loaded.Level);
            Assert.Equal(vocabulary.Lowercase, loaded.Lowercase);
            foreach (string text in new[] { "Straße été", "unknown ß", "" })
                Assert.Equal(vocabulary.Encode(text), loaded.Encode(text));
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
        }

        [Fact]
        public void Save_ReplacesAnExistingFileWhole()
        {
            string path = Path.Combine(_dir, "vocab.json");
            File.WriteAllText(path, new string('x', 10_000));

            Vocabulary.Build(new[] { "ab" }, TokenLevel.Word).Save(path);

            Assert.Equal(new[] { "", "[UNK]", "ab" }, Vocabulary.Load(path).Tokens);
        }

        [Theory]
        [InlineData("not json", "is not valid")]
        [InlineData("[]", "not a JSON object")]
        [InlineData("{\"format\":\"other\",\"version\":1,\"level\":\"word\",\"lowercase\":false,\"tokens\":[\"\",\"[UNK]\"]}", "format is \"other\"")]
        [InlineData("{\"format\":\"rnn-vocabulary\",\"version\":2,\"level\":\"word\",\"lowercase\":false,\"tokens\":[\"\",\"[UNK]\"]}", "version is 2, expected 1")]
        [InlineData("{\"format\":\"rnn-vocabulary\",\"version\":1,\"level\":\"byte\",\"lowercase\":false,\"tokens\":[\"\",\"[UNK]\"]}", "level is \"byte\"")]
        [InlineData("{\"format\":\"rnn-vocabulary\",\"version\":1,\"level\":\"word\",\"tokens\":[\"\",\"[UNK]\"]}", "\"lowercase\" is missing")]
        [InlineData("{\"format\":\"rnn-vocabulary\",\"version\":1,\"level\":\"word\",\"lowercase\":false,\"tokens\":[\"[UNK]\",\"\"]}", "must start with")]
        [InlineData("{\"format\":\"rnn-vocabulary\",\"version\":1,\"level\":\"word\",\"lowercase\":false,\"tokens\":[\"\",\"[UNK]\",\"a\",\"a\"]}", "\"a\" appears 2 times")]
        [InlineData("{\"format\":\"rnn-vocabulary\",\"version\":1,\"level\":\"word\",\"lowercase\":false,\"tokens\":[\"\",\"[UNK]\",\"two words\"]}", "token 2 \"two words\" is not one normalised word")]
        [InlineData("{\"format\":\"rnn-vocabulary\",\"version\":1,\"level\":\"character\",\"lowercase\":false,\"tokens\":[\"\",\"[UNK]\",\"e\\u0301\"]}", "is not one normalised character")]
        [InlineData("{\"format\":\"rnn-vocabulary\",\"version\":1,\"level\":\"character\",\"lowercase\":true,\"tokens\":[\"\",\"[UNK]\",\"A\"]}", "in lower case")]
        [InlineData("{\"format\":\"rnn-vocabulary\",\"version\":1,\"level\":\"word\",\"lowercase\":false,\"tokens\":[\"\",\"[UNK]\",3]}", "must all be strings")]
        public void Load_BadFile_ThrowsInvalidDataNamingFileAndFault(string contents, string expected)
        {
            string path = Path.Combine(_dir, "bad.json");
            File.WriteAllText(path, contents);

            var e = Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path));

            Assert.Contains(path, e.Message);
            Assert.Contains(expected, e.Message);
        }

        [Fact]
        public void Load_MissingFile_ThrowsFileNotFound()
        {
            string path = Path.Combine(_dir, "none.json");
            Assert.Equal(path, Assert.Throws<FileNotFoundException>(() => Vocabulary.Load(path)).FileName);
        }

        [Fact]
        public void Build_BadArguments_NameThem()
        {
            Assert.Equal("maxSize", Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(new[] { "a" }, TokenLevel.Word, maxSize: 1)).ParamName);
            Assert.Equal("minFrequency", Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(new[] { "a" }, TokenLevel.Word, minFrequency: 0)).ParamName);
            Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(new[] { "a" }, (TokenLevel)9)).ParamName);
            Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(new[] { "ab" }, TokenLevel.Character).Decode(new[] { 4 }));
        }
    }
}
