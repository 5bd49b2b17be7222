using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Rnn.Generators;
using Rnn.Generators.Model;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>Keeps docs/diagnostics in step with the analyzer: every page's example gives its message, and its fix is generated without errors.</summary>
    public class DocsTests
    {
        /// <summary>
        /// Diagnostics about a decoder's attention over its encoder's output sequence, which only a model kind joining an
        /// encoder and a decoder reports: their page's example is the decoder, analysed here over an encoder output of
        /// the features the page names.
        /// </summary>
        private static readonly Dictionary<string, int> EncoderFeatures = new() { ["RNN0029"] = 64 };

        public static TheoryData<string> Ids() => new(DiagnosticDescriptors.All.Select(d => d.Id));

        [Theory]
        [MemberData(nameof(Ids))]
        public void PageShowsTheRealMessageAndAWorkingFix(string id)
        {
            var descriptor = DiagnosticDescriptors.All.Single(d => d.Id == id);
            Assert.EndsWith("/docs/diagnostics/" + id + ".md", descriptor.HelpLinkUri);
            string page = File.ReadAllText(Path.Combine(DocsDirectory(), id + ".md")).Replace("\r\n", "\n");

            Assert.StartsWith("# " + id + ": " + descriptor.Title + "\n", page);
            Assert.Contains("| " + descriptor.DefaultSeverity + " | " + descriptor.Category + " |", page);

            string example = Block(page, "## Example", "csharp");
            string message = Block(page, "## Message", "text");
            string fix = Block(page, "## Fix", "csharp");

            Assert.Contains(Diagnose(example, id), d => d.Id == id && d.GetMessage() == message);

            Assert.DoesNotContain(Diagnose(fix, id), d => d.Id == id || d.Severity == DiagnosticSeverity.Error);
            // Every model of the fix is generated: one, or a Seq2Seq model and its encoder and decoder.
            Assert.Equal(Regex.Matches(fix, @"\[(Input|Seq2Seq)\(").Count, GeneratorHarness.Run(fix).Sources.Length);
        }

        private static IReadOnlyList<Diagnostic> Diagnose(string source, string id) =>
            EncoderFeatures.TryGetValue(id, out int features)
                ? GeneratorHarness.DiagnoseWithMemory(source, TensorShape.Sequence(Dimension.Unknown, features))
                : GeneratorHarness.Run(source).Diagnostics;

        [Fact]
        public void IndexListsEveryDiagnostic()
        {
            string index = File.ReadAllText(Path.Combine(DocsDirectory(), "README.md"));
            foreach (var d in DiagnosticDescriptors.All)
                Assert.Contains($"| [{d.Id}]({d.Id}.md) | {d.DefaultSeverity} | {d.Category} | {d.Title} |", index);
        }

        private static string Block(string page, string heading, string language)
        {
            int at = page.IndexOf(heading + "\n", System.StringComparison.Ordinal);
            Assert.True(at >= 0, "Missing section " + heading);
            var match = new Regex("```" + language + "\n(.*?)\n```", RegexOptions.Singleline).Match(page, at);
            Assert.True(match.Success, $"Missing {language} block under {heading}");
            return match.Groups[1].Value;
        }

        private static string DocsDirectory([CallerFilePath] string path = "") =>
            Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "docs", "diagnostics"));
    }
}
