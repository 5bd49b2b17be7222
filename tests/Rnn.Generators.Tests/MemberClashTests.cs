using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Rnn.Generators.Model;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// A user member that the generated class would declare again (issue 10 §4) is an RNN diagnostic on the user's
    /// declaration, never a compiler error inside the generated file; members that can coexist with the generated ones
    /// (overloads, constructors that chain to the generated one) still compile. The spans of the plain cases, one
    /// member of each kind per diagnostic, are in <see cref="DiagnosticTests"/>; here are the variants it does not have.
    /// </summary>
    public class MemberClashTests
    {
        private const string Layers = "using Rnn;\nusing TorchSharp;\n[Input(28, 28)]\n[SimpleRnn(16)]\n[Dense(10)]\n";

        /// <summary>A language model: token ids of any length → Embedding(10, 4) → … → scores over the same 10 ids at every step.</summary>
        private const string LanguageModel =
            "using Rnn;\nusing TorchSharp;\n[Input(Dim.Variable)]\n[Embedding(10, 4)]\n[SimpleRnn(16, ReturnSequences = true)]\n[Dense(10)]\n[Dropout(0.1)]\n[Dense(10)]\n";

        [Theory]
        [InlineData("public partial class M { public override string Summary() => \"\"; }", "RNN0025", "Summary")]
        [InlineData("public partial class M { public int ParameterCount => 3; }", "RNN0025", "ParameterCount")]
        [InlineData("public partial class M { public M(long? seed) { } }", "RNN0028", "M")]
        [InlineData("public partial class M { protected override (torch.Tensor Output, torch.Tensor? Mask, ModelState State) ForwardWithStateCore(torch.Tensor input, ModelState? initialState) => default; }", "RNN0025", "ForwardWithStateCore")]
        public void AClashIsAnRnnDiagnosticOnTheUsersDeclaration(string declaration, string id, string at)
        {
            string source = Layers + declaration;
            var run = GeneratorHarness.Run(source, withRuntime: true);
            var clashes = run.MemberClashErrors();
            Assert.True(clashes.Count == 0, "The generated file does not compile: " + string.Join("; ", clashes));
            var d = Assert.Single(run.Diagnostics);
            Assert.Equal(id, d.Id);
            int start = source.IndexOf(at, source.IndexOf("class M", System.StringComparison.Ordinal) + 7, System.StringComparison.Ordinal);
            Assert.Equal(new Microsoft.CodeAnalysis.Text.TextSpan(start, at.Length), d.Location.SourceSpan);
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void OverloadsAndChainedConstructorsWork()
        {
            var run = GeneratorHarness.Run(Layers + """
                public partial class M
                {
                    public M(int hidden) : this(seed: hidden) { }
                    public M(long seed) : this((long?)seed) { }
                    public torch.Tensor Forward(torch.Tensor input, bool training) => Forward(input);
                    public string Summary(int width) => Summary().PadRight(width);
                    public int Dense => 10;
                    private int dense_1;
                    public int Touch() => dense_1++;
                    public int InitialState(int batchSize) => batchSize;
                }
                """, withRuntime: true);
            Assert.Empty(run.Diagnostics);
            Assert.Single(run.Sources);
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public void TheListOfGeneratedMembersIsWhatTheEmitterWrites()
        {
            // A language model with the runtime (LayerModules, ModelInputShape, InputIsTokens, the state, Sampling) and a
            // module initializer: every member emitted.
            var run = GeneratorHarness.Run(LanguageModel + "public partial class M { }", withRuntime: true);

            // The list the emitter wrote them from, which the member-clash check reads too.
            var model = RnnGenerator.Parser.Parse(run.Input.GetTypeByMetadataName("M")!, run.Input, System.Threading.CancellationToken.None)!;
            var members = RnnGenerator.Analyze(model.Declaration).Members;
            AssertEmitted(members, run.Sources.Single().SourceText);

            // Every kind of member is in this model, but a Seq2Seq model's own and a decoder's ForwardWithMemoryCore (see
            // below), and the parser looks for the user's members under each one's name.
            var elsewhere = ModelMembers.OfSeq2Seq("T").Select(m => m.Kind).Except(members.Select(m => m.Kind)).Append(MemberKind.ForwardWithMemoryCore);
            Assert.Equal(System.Enum.GetValues<MemberKind>().Except(elsewhere).OrderBy(k => k), members.Select(m => m.Kind).Distinct().OrderBy(k => k));
            Assert.All(members.Where(m => m.Kind != MemberKind.LayerField), m => Assert.Contains(m.Name, ModelMembers.FixedNames));
        }

        [Fact]
        public void TheListOfASeq2SeqModelsMembersIsWhatItsEmitterWrites()
        {
            var run = GeneratorHarness.Run(Models.Seq2Seq, withRuntime: true);
            var members = ModelMembers.OfSeq2Seq("Pronouncer");
            AssertEmitted(members, run.Sources.Single(s => s.HintName == "Samples.Speech.Pronouncer.g.cs").SourceText);
            Assert.All(members, m => Assert.Contains(m.Name, ModelMembers.FixedNames));

            // Its decoder, a language model with an attention layer, also gets ForwardWithMemoryCore.
            var decoder = RnnGenerator.Parser.Parse(run.Input.GetTypeByMetadataName("Samples.Speech.PhonemeDecoder")!, run.Input, System.Threading.CancellationToken.None)!;
            var decoderMembers = RnnGenerator.Analyze(decoder.Declaration).Members;
            Assert.Contains(decoderMembers, m => m.Kind == MemberKind.ForwardWithMemoryCore);
            AssertEmitted(decoderMembers, run.Sources.Single(s => s.HintName == "Samples.Speech.PhonemeDecoder.g.cs").SourceText);
        }

        /// <summary>
        /// The members declared in the one class of <paramref name="source"/> are <paramref name="members"/>, by name and
        /// parameter count. A method listed without parameters clashes with any member of its name, so only its name is compared.
        /// </summary>
        private static void AssertEmitted(System.Collections.Generic.IReadOnlyList<GeneratedMember> members, Microsoft.CodeAnalysis.Text.SourceText source)
        {
            var root = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source).GetRoot();
            var type = root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>().Single();
            var byName = members.Where(g => g.Parameters is null).Select(g => g.Name).ToHashSet();
            var emitted = type.Members.SelectMany(m => m switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.FieldDeclarationSyntax f => f.Declaration.Variables.Select(v => (v.Identifier.ValueText, -1)),
                Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax p => new[] { (p.Identifier.ValueText, -1) },
                Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax r => new[] { (r.Identifier.ValueText, -1) },
                Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax x =>
                    new[] { (x.Identifier.ValueText, byName.Contains(x.Identifier.ValueText) ? -1 : x.ParameterList.Parameters.Count) },
                Microsoft.CodeAnalysis.CSharp.Syntax.ConstructorDeclarationSyntax c => new[] { (".ctor", c.ParameterList.Parameters.Count) },
                _ => throw new Xunit.Sdk.XunitException("An emitted member of an unexpected kind: " + m.Kind()),
            }).ToList();
            var listed = members.Select(g => (g.Name, g.Parameters is { } p ? p.Count : -1)).ToList();
            Assert.Equal(emitted.OrderBy(e => e.Item1, System.StringComparer.Ordinal).ThenBy(e => e.Item2),
                listed.OrderBy(e => e.Item1, System.StringComparer.Ordinal).ThenBy(e => e.Item2));
        }

        [Fact]
        public void OnlyAModelWithRecurrentLayersHasAState()
        {
            // A model without recurrent layers declares no State members, so its own State and ForwardWithState are no clash.
            var run = GeneratorHarness.Run(Models.Convolutional.Replace("public partial class ConvClassifier { }", """
                public partial class ConvClassifier
                {
                    public sealed record State(int Steps);
                    public State InitialState(long batchSize) => new State(0);
                    public int ForwardWithState(int steps) => steps;
                }
                """), withRuntime: true);
            Assert.Empty(run.Diagnostics);
            Assert.DoesNotContain(run.CompilerProblems(), d => d.Severity == DiagnosticSeverity.Error);
            string source = run.Sources.Single().SourceText.ToString();
            Assert.DoesNotContain("State", source);

            // The same model with a recurrent layer has them; without a runtime that knows ModelState, no model has them.
            string recurrent = Models.Convolutional.Replace("[GlobalMaxPooling1D]", "[Gru(4)]");
            Assert.Contains("public sealed record State(global::Rnn.GruState Gru)", GeneratorHarness.Run(recurrent, withRuntime: true).Sources.Single().SourceText.ToString());
            Assert.DoesNotContain("State", GeneratorHarness.Run(recurrent, withRuntime: false).Sources.Single().SourceText.ToString());
        }

        [Fact]
        public void OnlyALanguageModelHasGenerate()
        {
            // A model that is not a language model declares no Generate, so a user's Generate of any shape is no clash.
            const string users = "public partial class M { public long[] Generate(System.ReadOnlySpan<long> prompt, int maxNewTokens, Sampling sampling, long? endToken = null) => prompt.ToArray(); }";
            var run = GeneratorHarness.Run(LanguageModel.Replace("[Input(Dim.Variable)]", "[Input(20)]") + users, withRuntime: true);
            Assert.Empty(run.Diagnostics.Where(d => d.Severity > DiagnosticSeverity.Info)); // RNN0011 says the output is a sequence
            Assert.DoesNotContain(run.CompilerProblems(), d => d.Severity == DiagnosticSeverity.Error);
            Assert.DoesNotContain("Generate(", run.Sources.Single().SourceText.ToString());

            // In a language model the same declaration clashes with the generated one (RNN0025), and an overload does not.
            run = GeneratorHarness.Run(LanguageModel + users, withRuntime: true);
            Assert.Equal("RNN0025", Assert.Single(run.Diagnostics.Where(d => d.Severity > DiagnosticSeverity.Info)).Id);
            run = GeneratorHarness.Run(LanguageModel + "public partial class M { public long[] Generate(string prompt) => new long[0]; }", withRuntime: true);
            Assert.Empty(run.Diagnostics.Where(d => d.Severity > DiagnosticSeverity.Info));
            Assert.DoesNotContain(run.CompilerProblems(), d => d.Severity == DiagnosticSeverity.Error);
            Assert.Contains("Generate(", run.Sources.Single().SourceText.ToString());
        }

        [Fact]
        public void TheGeneratedMembersAreNotTakenForTheUsers()
        {
            // In a build and in the IDE the analyzer sees the compilation with the generated file: its members are no clash.
            var run = GeneratorHarness.Run(Layers + "public partial class M { public int Other => 1; }", withRuntime: true);
            Assert.Single(run.Sources);
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.Empty(GeneratorHarness.Analyze(run.Output));
        }
    }
}
