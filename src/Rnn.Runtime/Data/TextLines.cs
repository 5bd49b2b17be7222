using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Rnn.Data
{
    /// <summary>
    /// Splits a UTF-8 stream into lines as .NET's <c>ReadLine</c> does: at <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>.
    /// A line may have at most a given number of bytes, so a file without line breaks cannot exhaust memory; a longer
    /// line, or bytes that are not UTF-8, are refused naming the file, the line and the byte offset.
    /// </summary>
    internal sealed class TextLines
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private static readonly byte[] ByteOrderMark = { 0xEF, 0xBB, 0xBF };

        private readonly string _path;
        private readonly string _noun;
        private readonly int _maxLineBytes;
        private readonly List<string> _lines = new();
        private readonly MemoryStream _line = new();
        private long _lineStart;
        private int _number = 1;

        private TextLines(string path, string noun, int maxLineBytes)
        {
            _path = path;
            _noun = noun;
            _maxLineBytes = maxLineBytes;
        }

        /// <summary>The lines of <paramref name="stream"/> (the file <paramref name="path"/>), without their line ends; a UTF-8 byte order mark is skipped.</summary>
        /// <param name="stream">The file's contents.</param>
        /// <param name="path">The file, for messages.</param>
        /// <param name="noun">What messages call the file, e.g. <c>class file</c>.</param>
        /// <param name="maxLineBytes">The most bytes of UTF-8 a line may have, its line end not counted.</param>
        /// <exception cref="InvalidDataException">A line is longer than <paramref name="maxLineBytes"/>, or is not valid UTF-8.</exception>
        public static List<string> Read(Stream stream, string path, string noun, int maxLineBytes)
        {
            var reader = new TextLines(path, noun, maxLineBytes);
            var chunk = new byte[81920];
            long position = 0;
            byte previous = 0;
            int n;
            while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                int from = 0;
                for (int i = 0; i < n; i++)
                {
                    byte b = chunk[i];
                    if (b is (byte)'\r' or (byte)'\n')
                    {
                        reader.Append(chunk.AsSpan(from, i - from));
                        if (!(b == '\n' && (i > 0 ? chunk[i - 1] : previous) == '\r')) reader.EndLine(); // \r\n ended at its \r
                        reader._lineStart = position + i + 1;
                        from = i + 1;
                    }
                }
                reader.Append(chunk.AsSpan(from, n - from));
                previous = chunk[n - 1];
                position += n;
            }
            if (reader._line.Length > 0) reader.EndLine();
            return reader._lines;
        }

        private void Append(ReadOnlySpan<byte> bytes)
        {
            if (_line.Length + bytes.Length > _maxLineBytes)
                throw new InvalidDataException($"The {_noun} '{_path}' has a line longer than {Count(_maxLineBytes)} bytes (line {Count(_number)}, " +
                    $"from byte offset {Count(_lineStart)}); each line may have at most {Count(_maxLineBytes)} bytes of UTF-8.");
            _line.Write(bytes);
        }

        private void EndLine()
        {
            var bytes = _line.GetBuffer().AsSpan(0, (int)_line.Length);
            int skip = _number == 1 && bytes.StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
            try
            {
                _lines.Add(StrictUtf8.GetString(bytes[skip..]));
            }
            catch (DecoderFallbackException e)
            {
                long offset = _lineStart + skip + Math.Max(e.Index, 0);
                throw new InvalidDataException($"The {_noun} '{_path}' is not valid UTF-8: invalid bytes on line {Count(_number)} " +
                    $"(byte offset {Count(offset)}). Convert it to UTF-8, e.g. iconv -f latin1 -t utf-8.", e);
            }
            _line.SetLength(0);
            _number++;
        }

        private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);
    }
}
