using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace Rnn.IO
{
    /// <summary>
    /// The exception for a file Rnn cannot read: <c>The {noun} '{path}' {problem}.</c>, on one line. Names taken from a
    /// file (zip entries, tensor names, a model type) may hold anything, so every control character in the problem (a
    /// line break, a tab) is written as <c>\uXXXX</c>.
    /// </summary>
    internal static class FileProblem
    {
        /// <summary>An <see cref="InvalidDataException"/> naming the file and its problem, e.g. <c>is truncated: …</c>.</summary>
        public static InvalidDataException Invalid(string path, string problem, Exception? inner = null, string noun = "weights file") =>
            new($"The {noun} '{path}' {OneLine(problem)}.", inner);

        /// <summary><paramref name="text"/> with each control character written as <c>\uXXXX</c>.</summary>
        public static string OneLine(string text)
        {
            if (!text.AsSpan().ContainsAnyInRange('\u0000', '\u001f') && !text.AsSpan().ContainsAnyInRange('\u007f', '\u009f')) return text;
            var line = new StringBuilder(text.Length + 16);
            foreach (char c in text)
            {
                if (char.IsControl(c)) line.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                else line.Append(c);
            }
            return line.ToString();
        }
    }
}
