using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// Parses diagnostic markup: <c>{|RNN0002:text|}</c> marks where diagnostic RNN0002 is reported, and
    /// <c>{|+RNN0001:text|}</c> marks its additional location. Markup may nest.
    /// </summary>
    internal static class Markup
    {
        public sealed record Span(string Id, bool Additional, TextSpan TextSpan);

        public static (string Source, List<Span> Spans) Parse(string markup)
        {
            var source = new StringBuilder();
            var spans = new List<Span>();
            var open = new Stack<(string Id, bool Additional, int Start)>();
            int i = 0;
            while (i < markup.Length)
            {
                if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
                {
                    int colon = markup.IndexOf(':', i);
                    string id = markup.Substring(i + 2, colon - i - 2);
                    bool additional = id.StartsWith("+", StringComparison.Ordinal);
                    open.Push((additional ? id.Substring(1) : id, additional, source.Length));
                    i = colon + 1;
                }
                else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}')
                {
                    var (id, additional, start) = open.Pop();
                    spans.Add(new Span(id, additional, TextSpan.FromBounds(start, source.Length)));
                    i += 2;
                }
                else
                {
                    source.Append(markup[i++]);
                }
            }
            if (open.Count > 0) throw new ArgumentException("Unclosed markup.", nameof(markup));
            return (source.ToString(), spans);
        }
    }
}
