using System.Text;

namespace Rnn.Generators
{
    /// <summary>A small indenting writer for generated source; lines end with \n on every platform.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _builder = new StringBuilder();
        private int _indent;

        public int Indentation
        {
            get => _indent;
            set => _indent = value < 0 ? 0 : value;
        }

        public SourceWriter WriteLine(string line)
        {
            if (line.Length > 0) _builder.Append(' ', 4 * _indent).Append(line);
            _builder.Append('\n');
            return this;
        }

        public SourceWriter WriteLine() => WriteLine(string.Empty);

        /// <summary>Writes each line of <paramref name="lines"/> (a raw string literal, say) at the current indentation.</summary>
        public SourceWriter WriteLines(string lines)
        {
            foreach (var line in lines.Replace("\r\n", "\n").Split('\n')) WriteLine(line);
            return this;
        }

        /// <summary>Writes <paramref name="header"/> and an opening brace, and indents.</summary>
        public SourceWriter OpenBlock(string header)
        {
            WriteLine(header);
            WriteLine("{");
            _indent++;
            return this;
        }

        /// <summary>Unindents and writes a closing brace plus <paramref name="suffix"/>.</summary>
        public SourceWriter CloseBlock(string suffix = "")
        {
            Indentation--;
            return WriteLine("}" + suffix);
        }

        public override string ToString() => _builder.ToString();
    }
}
