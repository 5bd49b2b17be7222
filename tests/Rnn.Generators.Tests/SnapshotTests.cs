using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Rnn.Generators;
using Xunit;

namespace Rnn.Generators.Tests
{
    public class SnapshotTests
    {
        [Fact]
        public void Seed() => VerifyModel(Models.Seed, "Samples.MnistRnn", nameof(Seed));

        [Fact]
        public void Lstm() => VerifyModel(Models.Lstm, "Samples.Text.LstmClassifier", nameof(Lstm));

        [Fact]
        public void Gru() => VerifyModel(Models.Gru, "Samples.SensorGru", nameof(Gru));

        [Fact]
        public void Stacked() => VerifyModel(Models.Stacked, "Samples.StackedModel", nameof(Stacked));

        [Fact]
        public void Tagger() => VerifyModel(Models.Tagger, "Samples.Tagger", nameof(Tagger));

        [Fact]
        public void Text() => VerifyModel(Models.Text, "Samples.Text.Sentiment", nameof(Text));

        [Fact]
        public void ConvLstm() => VerifyModel(Models.ConvLstm, "Samples.EventDetector", nameof(ConvLstm));

        [Fact]
        public void BidirectionalStack() => VerifyModel(Models.BidirectionalStack, "Samples.Text.Encoder", nameof(BidirectionalStack));

        [Fact]
        public void Attention() => VerifyModel(Models.Attention, "Samples.Text.AttentionClassifier", nameof(Attention));

        [Fact]
        public void LanguageModel() => VerifyModel(Models.LanguageModel, "Samples.CharacterModel", nameof(LanguageModel));

        [Fact]
        public void Seq2Seq()
        {
            var run = GeneratorHarness.Run(Models.Seq2Seq, withRuntime: true);
            Assert.All(run.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
            Assert.Empty(run.CompilerProblems());
            Assert.Equal(new[] { "Samples.Speech.PhonemeDecoder.g.cs", "Samples.Speech.Pronouncer.g.cs", "Samples.Speech.SpellingEncoder.g.cs" },
                run.Sources.Select(s => s.HintName).OrderBy(h => h, System.StringComparer.Ordinal));
            Snapshot.Verify(run.Source("Samples.Speech.Pronouncer.g.cs"), nameof(SnapshotTests), nameof(Seq2Seq) + "#Samples.Speech.Pronouncer.g.{state}.cs");
            // The decoder attends over the encoder's output in ForwardWithMemoryCore.
            Snapshot.Verify(run.Source("Samples.Speech.PhonemeDecoder.g.cs"), nameof(SnapshotTests), nameof(Seq2Seq) + "#Samples.Speech.PhonemeDecoder.g.{state}.cs");
        }

        [Fact]
        public void TextSummaryMatchesKeras()
        {
            string summary = Summary(Models.Text, "Samples.Text.Sentiment");
            Assert.Contains("│ embedding (Embedding)             │ (None, None, 64)         │         640,000 │", summary);
            Assert.Contains("│ bidirectional (Bidirectional)     │ (None, 64)               │          25,088 │", summary);
        }

        [Fact]
        public void Nested()
        {
            var run = GeneratorHarness.Run(Models.Nested, withRuntime: true);
            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.CompilerProblems());
            Assert.Equal(new[] { "Outer+Hidden.g.cs", "Outer+Middle+NestedModel.g.cs" }, run.Sources.Select(s => s.HintName).OrderBy(h => h));
            Snapshot.Verify(run.Source("Outer+Middle+NestedModel.g.cs"), nameof(SnapshotTests), nameof(Nested) + "#Outer+Middle+NestedModel.g.{state}.cs");
            // A private model cannot host a module initializer; the public one can.
            Assert.DoesNotContain("ModuleInitializer", run.Source("Outer+Hidden.g.cs"));
            Assert.Contains("ModuleInitializer", run.Source("Outer+Middle+NestedModel.g.cs"));
        }

        [Fact]
        public void SeedSummaryMatchesKeras()
        {
            string summary = Summary(Models.Seed, "Samples.MnistRnn");
            Assert.Contains("│ simple_rnn (SimpleRnn)            │ (None, 128)              │          20,224 │", summary);
            Assert.Contains("│ dense (Dense)                     │ (None, 10)               │           1,290 │", summary);
            Assert.Contains(" Total params: 21,514 (84.04 KB)", summary);
        }

        [Fact]
        public void GeneratedCodeNamesTheGeneratorVersionWhichSnapshotsScrub()
        {
            string source = Assert.Single(GeneratorHarness.Run(Models.Seed).Sources).SourceText.ToString();
            string version = typeof(RnnGenerator).Assembly.GetName().Version!.ToString(3);
            string attribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"Rnn.Generators\", \"" + version + "\")]";
            Assert.Contains(attribute, source);
            string scrubbed = Snapshot.Normalize(source);
            Assert.DoesNotContain(attribute, scrubbed);
            Assert.Equal(source.Replace(attribute, "[global::System.CodeDom.Compiler.GeneratedCode(\"Rnn.Generators\", \"" + Snapshot.VersionPlaceholder + "\")]"), scrubbed);
        }

        private static void VerifyModel(string source, string typeName, string method)
        {
            var run = GeneratorHarness.Run(source, withRuntime: true);
            Assert.All(run.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
            // The generated code compiles with no error and no warning, CS1591 (missing XML docs) included.
            Assert.Empty(run.CompilerProblems());
            var generated = Assert.Single(run.Sources);
            Assert.Equal(typeName + ".g.cs", generated.HintName);
            Snapshot.Verify(generated.SourceText.ToString(), nameof(SnapshotTests), method + "#" + typeName + ".g.{state}.cs");
            Snapshot.Verify(Summary(source, typeName), nameof(SnapshotTests), method + ".{state}.txt");
        }

        /// <summary>The summary table from the generator's computed layer rows, formatted by the runtime.</summary>
        internal static string Summary(string source, string typeName)
        {
            var compilation = GeneratorHarness.CreateCompilation(source);
            var type = compilation.GetTypeByMetadataName(typeName)!;
            var model = RnnGenerator.Parser.Parse(type, compilation, CancellationToken.None)!;
            var analyzed = RnnGenerator.Analyze(model.Declaration);
            Assert.True(analyzed.Emit);
            var rows = analyzed.Shapes!.Layers
                .Select(l => new LayerInfo(l.Name, l.Kind.ToString(), new Shape(l.Output.Dimensions.Select(d => d.Size).Prepend(null).ToArray()), l.ParameterCount))
                .ToList();
            return ModelSummary.Format(model.Declaration.Spec!.Name, rows);
        }
    }
}
