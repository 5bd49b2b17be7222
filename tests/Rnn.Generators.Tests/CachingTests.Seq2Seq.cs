using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Rnn.Generators;
using Rnn.Generators.Model;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>The Seq2Seq pipeline caches as the declared models' does, and sees an edit to either part.</summary>
    public partial class CachingTests
    {
        private const string Seq2SeqEncoder = """
            using Rnn;
            namespace S;
            [Input(Dim.Variable)]
            [Embedding(30, 16, MaskZero = true)]
            [Gru(32, Bidirectional = true)]
            public partial class Enc { }
            """;

        private const string Seq2SeqDecoder = """
            using Rnn;
            namespace S;
            [Input(Dim.Variable)]
            [Embedding(40, 16, MaskZero = true)]
            [Gru(64, ReturnSequences = true)]
            [Dense(40)]
            public partial class Dec { }
            """;

        private const string Seq2SeqJoin = "using Rnn;\nnamespace S;\n[Seq2Seq(typeof(Enc), typeof(Dec))]\npublic partial class Tr { }";

        private static CSharpCompilation Seq2SeqCompilation() =>
            GeneratorHarness.CreateCompilation(new[] { Seq2SeqEncoder, Seq2SeqDecoder, Seq2SeqJoin, Unrelated });

        [Fact]
        public void ASeq2SeqModelIsCachedOnAnIdenticalRerunAndAnUnrelatedEdit()
        {
            var compilation = Seq2SeqCompilation();
            var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
            var first = driver.GetRunResult().Results.Single();
            Assert.Equal(new[] { "S.Dec.g.cs", "S.Enc.g.cs", "S.Tr.g.cs" }, first.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, System.StringComparer.Ordinal));
            Assert.All(TrackingNames.Seq2Seq, name => Assert.Equal(IncrementalStepRunReason.New, Assert.Single(Reasons(first, name))));

            var rerun = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();
            AssertAllCached(rerun);
            foreach (string name in TrackingNames.Seq2Seq)
                Assert.True(IsReused(Assert.Single(Reasons(rerun, name))), name);

            var oldTree = compilation.SyntaxTrees.Last();
            var newTree = CSharpSyntaxTree.ParseText("public class Unrelated { public int Value = 3; }", GeneratorHarness.ParseOptions, oldTree.FilePath);
            var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult().Results.Single();
            foreach (string name in TrackingNames.Seq2Seq)
                Assert.Equal(IncrementalStepRunReason.Cached, Assert.Single(Reasons(second, name)));
            Assert.All(OutputReasons(second), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
            Assert.All(first.GeneratedSources.Zip(second.GeneratedSources), p => Assert.Same(p.First.SourceText, p.Second.SourceText));
        }

        [Fact]
        public void EditingAPartAnalysesTheSeq2SeqModelAgain()
        {
            var compilation = Seq2SeqCompilation();
            var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
            var decoderTree = compilation.SyntaxTrees.ElementAt(1);

            // A larger embedding: the join still holds, and the Seq2Seq model's parameter count follows the decoder's.
            var wider = CSharpSyntaxTree.ParseText(Seq2SeqDecoder.Replace("[Embedding(40, 16,", "[Embedding(40, 24,"), GeneratorHarness.ParseOptions, decoderTree.FilePath);
            var edited = compilation.ReplaceSyntaxTree(decoderTree, wider);
            var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
            Assert.All(TrackingNames.Seq2Seq, name => Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Reasons(result, name))));
            long expected = RnnGenerator.Analyze(RnnGenerator.Parser.Parse(edited.GetTypeByMetadataName("S.Enc")!, edited, default)!.Declaration).Shapes!.TotalParameters!.Value
                + RnnGenerator.Analyze(RnnGenerator.Parser.Parse(edited.GetTypeByMetadataName("S.Dec")!, edited, default)!.Declaration).Shapes!.TotalParameters!.Value;
            Assert.Contains("public const long ParameterCount = " + expected.ToString(System.Globalization.CultureInfo.InvariantCulture) + "L;",
                result.GeneratedSources.Single(s => s.HintName == "S.Tr.g.cs").SourceText.ToString());

            // A decoder of other units: the join fails (RNN0033), so the Seq2Seq model generates nothing; its parts still do.
            var narrower = CSharpSyntaxTree.ParseText(Seq2SeqDecoder.Replace("[Gru(64,", "[Gru(48,"), GeneratorHarness.ParseOptions, decoderTree.FilePath);
            var broken = compilation.ReplaceSyntaxTree(decoderTree, narrower);
            var brokenResult = driver.RunGenerators(broken).GetRunResult().Results.Single();
            Assert.Equal(new[] { "S.Dec.g.cs", "S.Enc.g.cs" }, brokenResult.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, System.StringComparer.Ordinal));
            Assert.Equal(DiagnosticIds.Seq2SeqStateUnits, Assert.Single(GeneratorHarness.Analyze(broken), d => d.Severity == DiagnosticSeverity.Error).Id);
        }

        [Fact]
        public void TheSeq2SeqPipelineHoldsNoSymbolsSyntaxOrCompilations()
        {
            var compilation = GeneratorHarness.CreateCompilation(new[]
            {
                Seq2SeqEncoder, Seq2SeqDecoder, Seq2SeqJoin,
                "using Rnn; namespace S; [Seq2Seq(typeof(Enc), typeof(Missing))] public partial class Half { }",
                "using Rnn; namespace S; [Seq2Seq(typeof(Enc), typeof(Enc))] public partial class Wrong { public int encoder; }",
            });
            var result = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();
            var values = TrackingNames.Seq2Seq.SelectMany(name => result.TrackedSteps[name]).SelectMany(s => s.Outputs).Select(o => o.Value).OfType<object>().ToList();
            Assert.Contains(values, v => v is Seq2SeqAnalysis { Clashes.IsEmpty: false });
            Assert.Contains(values, v => v is Seq2SeqAnalysis a && a.Problems.Any(p => p.IsError));
            Assert.Contains(values, v => v is Seq2SeqToEmit);
            foreach (var value in values) Walk(value, new HashSet<object>(ReferenceEqualityComparer.Instance), value.GetType().Name, roslynAllowed: false);
        }
    }
}
