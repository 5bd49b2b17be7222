using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rnn.IO;

namespace Rnn.Data
{
    /// <summary>
    /// Loads a text-classification data set from a folder with one UTF-8 file per class, <c>&lt;label&gt;.txt</c>,
    /// holding one example per line. Any number of classes and any Unicode script.
    /// </summary>
    public static class TextClassificationFolder
    {
        /// <summary>
        /// The most bytes of UTF-8 one line (one example) may have: 1 MiB. A longer line is refused, naming the file
        /// and the line, so that a file without line breaks cannot exhaust memory.
        /// </summary>
        public const int MaxLineBytes = 1 << 20;

        /// <summary>
        /// Reads every <c>*.txt</c> file of <paramref name="directory"/> (not its subfolders). The classes are the file
        /// names without <c>.txt</c>, in ordinal order; each non-blank line is one example, without its line ending
        /// (<c>\n</c>, <c>\r\n</c> or <c>\r</c>, as <c>ReadLine</c> reads them) and surrounding white space. A UTF-8 byte
        /// order mark is allowed. A line may have at most <see cref="MaxLineBytes"/> bytes.
        /// </summary>
        /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
        /// <exception cref="ArgumentException">A <c>.txt</c> file is a named pipe or a device, not a regular file.</exception>
        /// <exception cref="InvalidDataException">The folder has no <c>.txt</c> file, a file is named just <c>.txt</c> (no
        /// label), or a file is not valid UTF-8, has a line longer than <see cref="MaxLineBytes"/>, or has no example; the
        /// message names the file (and the line).</exception>
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
                string label = Path.GetFileNameWithoutExtension(file);
                if (label.Length == 0)
                    throw new InvalidDataException($"The class file '{file}' has no name before .txt: the name is the class's label, e.g. english.txt.");
                var examples = ReadExamples(file);
                if (examples.Count == 0)
                    throw new InvalidDataException($"The class file '{file}' has no example: it is empty or has only blank lines.");
                labels.AddRange(Enumerable.Repeat(classes.Count, examples.Count));
                classes.Add(label);
                texts.AddRange(examples);
            }
            return new LabeledTexts(classes, texts, labels);
        }

        private static List<string> ReadExamples(string file)
        {
            using var stream = RegularFile.OpenRead(file, "class file");
            return TextLines.Read(stream, file, "class file", MaxLineBytes).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        }
    }
}
