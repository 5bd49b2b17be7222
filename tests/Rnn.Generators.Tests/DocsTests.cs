using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Rnn.Generators;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>Keeps docs/diagnostics in step with the analyzer: every page's example gives its message, and its fix is generated without errors.</summary>
    public class DocsTests
    {
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

            var wrong = GeneratorHarness.Run(example);
            Assert.Contains(wrong.Diagnostics, d => d.Id == id && d.GetMessage() == message);

            var fixedRun = GeneratorHarness.Run(fix);
            Assert.DoesNotContain(fixedRun.Diagnostics, d => d.Id == id || d.Severity == DiagnosticSeverity.Error);
            // Every model of the fix is generated: one, or a Seq2Seq model and its encoder and decoder.
            Assert.Equal(Regex.Matches(fix, @"\[(Input|Seq2Seq)\(").Count, fixedRun.Sources.Length);
        }

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
