using System;
using System.IO;
using System.Linq;
using System.Text;
using Rnn.Data;
using Xunit;

namespace Rnn.Runtime.Tests.Data
{
    public sealed class TextClassificationFolderTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-texts-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private void Write(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(_dir, name), bytes);

        private void Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

        [Fact]
        public void Load_OneClassPerFile_OneExamplePerLine_AnyScript()
        {
            Write("русский.txt", "привет\r\nмир\r\n");
            Write("english.txt", "\n hello \n\n  \nworld");
            Write("日本語.txt", new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("こんにちは\n")).ToArray());
            Write("notes.md", "ignored");

            var data = TextClassificationFolder.Load(_dir);

            Assert.Equal(new[] { "english", "русский", "日本語" }, data.Classes);
            Assert.Equal(new[] { "hello", "world", "привет", "мир", "こんにちは" }, data.Texts);
            Assert.Equal(new[] { 0, 0, 1, 1, 2 }, data.Labels);
        }

        [Fact]
        public void Load_EmptyFolder_SaysWhatItNeeds()
        {
            var e = Assert.Throws<InvalidDataException>(() => TextClassificationFolder.Load(_dir));
            Assert.Contains($"'{_dir}' has no <label>.txt file", e.Message);
        }

        [Fact]
        public void Load_MissingFolder_ThrowsDirectoryNotFound()
        {
            Assert.Throws<DirectoryNotFoundException>(() => TextClassificationFolder.Load(Path.Combine(_dir, "none")));
        }

        [Fact]
        public void Load_FileWithOnlyBlankLines_IsAnError()
        {
            Write("a.txt", "x\n");
            Write("b.txt", "\n  \r\n");
            var e = Assert.Throws<InvalidDataException>(() => TextClassificationFolder.Load(_dir));
            Assert.Contains("b.txt' has no example", e.Message);
        }

        [Fact]
        public void Load_CarriageReturnsAloneEndLines_AsReadLineReadsThem()
        {
            // Issue 19: a file with classic Mac line ends (\r only) became one example.
            Write("mac.txt", "one\rtwo\r\rthree\r");
            Write("mixed.txt", "a\r\nb\nc\rd");

            var data = TextClassificationFolder.Load(_dir);

            Assert.Equal(new[] { "one", "two", "three", "a", "b", "c", "d" }, data.Texts);
            Assert.Equal(new[] { 0, 0, 0, 1, 1, 1, 1 }, data.Labels);
        }

        [Fact]
        public void Load_LineNumbersCountEachKindOfLineEndOnce()
        {
            Write("swedish.txt", Encoding.UTF8.GetBytes("a\r\nb\rc\n").Concat(Encoding.Latin1.GetBytes("smörgås\n")).ToArray());
            var e = Assert.Throws<InvalidDataException>(() => TextClassificationFolder.Load(_dir));
            Assert.Contains("swedish.txt' is not valid UTF-8: invalid bytes on line 4 (byte offset 9)", e.Message);
        }

        [Fact]
        public void Load_FileNamedOnlyTxt_IsRefusedForWantOfALabel()
        {
            Write("english.txt", "hello\n");
            Write(".txt", "nameless\n");

            var e = Assert.Throws<InvalidDataException>(() => TextClassificationFolder.Load(_dir));

            Assert.Equal($"The class file '{Path.Combine(_dir, ".txt")}' has no name before .txt: the name is the class's label, e.g. english.txt.", e.Message);
        }

        [Fact]
        public void Load_LineLongerThanTheLimit_IsRefusedNamingFileAndLine()
        {
            Write("short.txt", "fine\n");
            Write("long.txt", "first\n" + new string('x', TextClassificationFolder.MaxLineBytes + 1) + "\n");

            var e = Assert.Throws<InvalidDataException>(() => TextClassificationFolder.Load(_dir));

            Assert.Equal($"The class file '{Path.Combine(_dir, "long.txt")}' has a line longer than 1048576 bytes (line 2, from byte offset 6); " +
                "each line may have at most 1048576 bytes of UTF-8.", e.Message);
            Write("long.txt", new string('x', TextClassificationFolder.MaxLineBytes) + "\n"); // exactly the limit is fine
            Assert.Equal(TextClassificationFolder.MaxLineBytes, TextClassificationFolder.Load(_dir).Texts[0].Length);
        }

        [Fact]
        public void Load_NamedPipe_IsRefusedAtOnce()
        {
            Write("a.txt", "x\n");
            string pipe = Path.Combine(_dir, "b.txt");
            IO.HostileFiles.MakeFifo(pipe);

            var load = System.Threading.Tasks.Task.Run(() => TextClassificationFolder.Load(_dir));

            Assert.True(((IAsyncResult)load).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "Load waited on the named pipe");
            Assert.Contains($"'{pipe}' is a named pipe (FIFO), not a regular file", Assert.IsType<ArgumentException>(load.Exception!.InnerException).Message);
        }

        [Fact]
        public void Load_Latin1File_IsRejectedWithItsLine()
        {
            Write("swedish.txt", Encoding.Latin1.GetBytes("hej\nsmörgås\n"));
            var e = Assert.Throws<InvalidDataException>(() => TextClassificationFolder.Load(_dir));
            Assert.Contains("swedish.txt' is not valid UTF-8: invalid bytes on line 2 (byte offset 6)", e.Message);
        }

        [Fact]
        public void Split_IsStratifiedAndReproducible()
        {
            Write("a.txt", string.Join("\n", Enumerable.Range(0, 10).Select(i => $"a{i}")));
            Write("b.txt", string.Join("\n", Enumerable.Range(0, 20).Select(i => $"b{i}")));
            var data = TextClassificationFolder.Load(_dir);

            var (train, test) = data.Split(0.2, seed: 7);
            var (train2, test2) = data.Split(0.2, seed: 7);
            var (_, test3) = data.Split(0.2, seed: 8);

            Assert.Equal((2, 4), (test.Labels.Count(l => l == 0), test.Labels.Count(l => l == 1)));
            Assert.Equal(24, train.Count);
            Assert.Empty(train.Texts.Intersect(test.Texts));
            Assert.Equal(data.Texts.OrderBy(t => t, StringComparer.Ordinal), train.Texts.Concat(test.Texts).OrderBy(t => t, StringComparer.Ordinal));
            Assert.Equal(test.Texts, test2.Texts);
            Assert.Equal(train.Texts, train2.Texts);
            Assert.NotEqual(test.Texts, test3.Texts);
        }

        [Fact]
        public void Split_PutsTestCountOfEachClassInTheTestSet_HalvesRoundedUp()
        {
            Write("a.txt", string.Join("\n", Enumerable.Range(0, 5).Select(i => $"a{i}")));
            Write("b.txt", string.Join("\n", Enumerable.Range(0, 3).Select(i => $"b{i}")));
            var data = TextClassificationFolder.Load(_dir);

            var (train, test) = data.Split(0.5, seed: 1);

            Assert.Equal((3, 2), (LabeledTexts.TestCount(5, 0.5), LabeledTexts.TestCount(3, 0.5))); // 2.5 → 3, 1.5 → 2
            Assert.Equal((3, 2), (test.Labels.Count(l => l == 0), test.Labels.Count(l => l == 1)));
            Assert.Equal((2, 1), (train.Labels.Count(l => l == 0), train.Labels.Count(l => l == 1)));
        }

        [Theory]
        [InlineData(-1, 0.2, "classCount")]
        [InlineData(10, 0.0, "testFraction")]
        [InlineData(10, 1.0, "testFraction")]
        [InlineData(10, double.NaN, "testFraction")]
        public void TestCount_RejectsANegativeCountOrAFractionOutsideZeroToOne(int count, double fraction, string argument)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => LabeledTexts.TestCount(count, fraction));
            Assert.Equal(argument, e.ParamName);
            Assert.StartsWith("LabeledTexts.TestCount needs " + argument, e.Message);
        }
    }
}
