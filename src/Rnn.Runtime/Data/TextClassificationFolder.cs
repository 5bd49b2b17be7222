using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Rnn.Data
{
    /// <summary>
    /// Loads a text-classification data set from a folder with one UTF-8 file per class, <c>&lt;label&gt;.txt</c>,
    /// holding one example per line. Any number of classes and any Unicode script.
    /// </summary>
    public static class TextClassificationFolder
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private static readonly byte[] ByteOrderMark = { 0xEF, 0xBB, 0xBF };

        /// <summary>
        /// Reads every <c>*.txt</c> file of <paramref name="directory"/> (not its subfolders). The classes are the file
        /// names without <c>.txt</c>, in ordinal order; each non-blank line is one example, without its line ending
        /// (<c>\n</c> or <c>\r\n</c>) and surrounding white space. A UTF-8 byte order mark is allowed.
        /// </summary>
        /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
        /// <exception cref="InvalidDataException">The folder has no <c>.txt</c> file, or a file is not valid UTF-8 or
        /// has no example; the message names the file (and the line of invalid bytes).</exception>
        public static LabeledTexts Load(string directory)
        {
            ArgumentException.ThrowIfNullOrEmpty(directory);
            if (!Directory.Exists(directory))
                throw new DirectoryNotFoundException($"The text-classification folder '{directory}' does not exist.");
            string[] files = Directory.GetFiles(directory, "*.txt", SearchOption.TopDirectoryOnly)
                .Where(f => Path.GetExtension(f) == ".txt")
                .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToArray();
            if (files.Length == 0)
                throw new InvalidDataException(
                    $"The text-classification folder '{directory}' has no <label>.txt file: put one UTF-8 file per class in it, one example per line.");
            var classes = new List<string>();
            var texts = new List<string>();
            var labels = new List<int>();
            foreach (string file in files)
            {
                var examples = ReadExamples(file);
                if (examples.Count == 0)
                    throw new InvalidDataException($"The class file '{file}' has no example: it is empty or has only blank lines.");
                labels.AddRange(Enumerable.Repeat(classes.Count, examples.Count));
                classes.Add(Path.GetFileNameWithoutExtension(file));
                texts.AddRange(examples);
            }
            return new LabeledTexts(classes, texts, labels);
        }

        private static List<string> ReadExamples(string file)
        {
            byte[] bytes = File.ReadAllBytes(file);
            int start = bytes.AsSpan().StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
            string text;
            try
            {
                text = StrictUtf8.GetString(bytes, start, bytes.Length - start);
            }
            catch (DecoderFallbackException e)
            {
                int offset = start + Math.Max(e.Index, 0);
                int line = 1 + bytes.AsSpan(0, Math.Min(offset, bytes.Length)).Count((byte)'\n');
                throw new InvalidDataException(
                    $"The class file '{file}' is not valid UTF-8: invalid bytes on line {line} (byte offset {offset}). Convert it to UTF-8, e.g. iconv -f latin1 -t utf-8.", e);
            }
            return text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        }
    }
}
