using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// Every <c>```csharp</c> block of README.md compiles, with the Rnn generator, in a file that also imports
    /// TorchSharp the way a user who touches tensors does (<see cref="UserUsings"/>): no name of Rnn's may be ambiguous
    /// with one of TorchSharp's there.
    /// </summary>
    /// <remarks>
    /// The blocks are fragments. Each becomes its own file: its <c>using</c> lines stay at the top, its type declarations
    /// (the models) stay at namespace level, and its statements become the body of a method in a class derived from
    /// <see cref="Prelude"/>, which declares the variables that fragments use without declaring them (<c>model</c>,
    /// <c>x</c>, <c>history</c>, the trained <c>characterModel</c>, …) as static fields; a block's own <c>var model = …</c> shadows the field. The prelude
    /// also gives <c>WordClassifier.MaxClasses</c>, a constant of the LanguageId sample that its README block names.
    /// </remarks>
    public class ReadmeTests
    {
        /// <summary>What a user's file with Rnn models and tensor code imports.</summary>
        public const string UserUsings = """
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using TorchSharp;
            using static TorchSharp.torch;
            using static TorchSharp.torch.nn;
            using Rnn;
            using Rnn.Data;
            using Rnn.Modules;

            """;

        /// <summary>The variables README fragments use without declaring them.</summary>
        private const string Prelude = UserUsings + """
            internal abstract class ReadmePrelude
            {
                protected static RnnModel model = null!;
                protected static MnistRnn restored = null!;
                protected static History history = null!;
                protected static Tensor images = null!, x = null!, y = null!, windows = null!, nextValues = null!, inputs = null!, nextSteps = null!;
                protected static Vocabulary vocabulary = null!;
                protected static CharacterModel characterModel = null!;
                protected static Tensor source = null!, targetInput = null!, target = null!;
            }

            public partial class WordClassifier
            {
                public const int MaxClasses = 64;
            }
            """;

        [Fact]
        public void EveryCSharpBlockCompilesBesideTorchSharp()
        {
            var blocks = CSharpBlocks(File.ReadAllText(ReadmePath()).Replace("\r\n", "\n"));
            Assert.True(blocks.Count >= 10, $"README.md has {blocks.Count} csharp blocks; expected at least 10.");

            var sources = blocks.Select((b, i) => AsFile(b.Code, "ReadmeBlock" + i)).Append(Prelude);
            var paths = blocks.Select(b => $"README.md:{b.Line}").Append("ReadmePrelude.cs");
            var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(sources, withRuntime: true, paths));

            Assert.Empty(run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
            // MnistRnn, Sentiment, StackedLstm, EventDetector, AttentionReader, Reader, CharacterModel, LetterEncoder, PhonemeDecoder, G2PModel, WordClassifier
            Assert.Equal(11, run.Sources.Length);
        }

        [Fact]
        public void AClashWithTorchSharpFailsTheCompilation()
        {
            // The same usings catch an ambiguous name, so the test above can fail: Rnn's Padding enum was one.
            string clash = UserUsings + "namespace Rnn { public enum Padding { Valid } }\nclass C { Padding P = Padding.Valid; }";
            var compilation = GeneratorHarness.CreateCompilation(clash, withRuntime: true);
            Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS0104" && d.GetMessage().Contains("'Rnn.Padding' and 'TorchSharp.Padding'"));
        }

        /// <summary>
        /// A block as a file: its usings after <see cref="UserUsings"/>, its statements as the body of
        /// <c>className.Run()</c>, and its type declarations after that class.
        /// </summary>
        private static string AsFile(string code, string className)
        {
            var root = CSharpSyntaxTree.ParseText(code, GeneratorHarness.ParseOptions).GetCompilationUnitRoot();
            var statements = root.Members.OfType<GlobalStatementSyntax>().Select(s => s.ToFullString());
            var types = root.Members.Where(m => m is not GlobalStatementSyntax).Select(m => m.ToFullString());
            return UserUsings
                + string.Concat(root.Usings.Select(u => u.ToFullString()))
                + $"\ninternal sealed class {className} : ReadmePrelude\n{{\n    internal static void Run()\n    {{\n"
                + string.Concat(statements)
                + "\n    }\n}\n\n"
                + string.Concat(types);
        }

        private static List<(int Line, string Code)> CSharpBlocks(string readme) =>
            new Regex("^```csharp\n(.*?)\n```$", RegexOptions.Singleline | RegexOptions.Multiline).Matches(readme)
                .Select(m => (readme.Take(m.Index).Count(c => c == '\n') + 2, m.Groups[1].Value))
                .ToList();

        private static string ReadmePath([CallerFilePath] string path = "") =>
            Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "README.md"));
    }
}
