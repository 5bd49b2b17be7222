using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// Issue 17 §4: every mismatch of a <c>[Seq2Seq(typeof(Encoder), typeof(Decoder))]</c> join, on the <c>typeof</c> of the
    /// part at fault (local to the Seq2Seq class), with the parts' layers it is about as additional locations. The parts'
    /// own RNN0011 (their output is a sequence, as a decoder's always is) is suppressed as a user would.
    /// </summary>
    public partial class DiagnosticTests
    {
        private const string Parts = """
            #pragma warning disable RNN0011
            using Rnn;

            [Input(Dim.Variable)]
            [Embedding(30, 8, MaskZero = true)]
            [Gru(16)]
            public partial class E { }

            [Input(Dim.Variable)]
            [Embedding(40, 8, MaskZero = true)]
            [Gru(16, ReturnSequences = true)]
            [Dense(40)]
            public partial class D { }

            """;

        [Fact]
        public void AValidJoinGeneratesTheModelAndItsParts()
        {
            var run = RunSeq2Seq(Parts + "[Seq2Seq(typeof(E), typeof(D))]\npublic partial class T { }\n[Seq2Seq(typeof(E), typeof(D))]\npublic partial class U : Seq2SeqModel { }",
                out var diagnostics, withRuntime: true);
            Assert.Empty(diagnostics);
            Assert.Equal(new[] { "D.g.cs", "E.g.cs", "T.g.cs", "U.g.cs" }, run.Sources.Select(s => s.HintName).OrderBy(n => n));
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public void APartThatIsNoDeclaredModel()
        {
            var diagnostics = VerifySeq2Seq(Parts + """
                public partial class Plain { }

                [Seq2Seq({|RNN0030:typeof(Plain)|}, typeof(D))]
                public partial class T1 { }

                [Seq2Seq(typeof(E), {|RNN0030:typeof(int)|})]
                public partial class T2 { }

                [Seq2Seq({|RNN0030:typeof(T3)|}, {|RNN0030:null|})]
                public partial class T3 { }

                [Seq2Seq({|RNN0030:typeof(T1)|}, typeof(D))]
                public partial class T4 { }

                [Seq2Seq({|RNN0030:typeof(System.Collections.Generic.List<>)|}, typeof(D))]
                public partial class T5 { }
                """);
            Assert.Equal(new[]
            {
                "The encoder of 'T1', Plain, is not a declared Rnn model: it declares no [Input] and no layers; the encoder and the decoder must be partial classes of this project declared with [Input] and layers",
                "The decoder of 'T2', int, is not a declared Rnn model: it is not a class; the encoder and the decoder must be partial classes of this project declared with [Input] and layers",
                "The encoder of 'T3', T3, is not a declared Rnn model: it is the Seq2Seq model itself; the encoder and the decoder must be partial classes of this project declared with [Input] and layers",
                "The decoder of 'T3', null, is not a declared Rnn model: typeof names no type; the encoder and the decoder must be partial classes of this project declared with [Input] and layers",
                "The encoder of 'T4', T1, is not a declared Rnn model: it is a Seq2Seq model, not a model with layers; the encoder and the decoder must be partial classes of this project declared with [Input] and layers",
                "The encoder of 'T5', List<>, is not a declared Rnn model: it is not a class; the encoder and the decoder must be partial classes of this project declared with [Input] and layers",
            }, diagnostics.Select(d => d.GetMessage()));
        }

        [Fact]
        public void APartWithErrorsOfItsOwnReportsOnlyThem()
        {
            // The decoder's own RNN0002 is reported on it; the join adds nothing, and only the encoder generates.
            var run = RunSeq2Seq("""
                #pragma warning disable RNN0011
                using Rnn;
                [Input(Dim.Variable)]
                [Embedding(30, 8)]
                [Gru(16)]
                public partial class E { }

                [Input(Dim.Variable)]
                [Embedding(40, 8)]
                [Gru({|RNN0002:0|}, ReturnSequences = true)]
                [Dense(40)]
                public partial class D { }

                [Seq2Seq(typeof(E), typeof(D))]
                public partial class T { }
                """, out _);
            Assert.Equal(new[] { "E.g.cs" }, run.Sources.Select(s => s.HintName));
        }

        [Fact]
        public void APartWithoutRecurrentLayer()
        {
            var d = Assert.Single(VerifySeq2Seq(Parts + """
                [Input(Dim.Variable)]
                [Embedding(30, 8)]
                [Dense(4)]
                public partial class Bag { }

                [Seq2Seq({|RNN0031:typeof(Bag)|}, typeof(D))]
                public partial class T { }
                """));
            Assert.Equal("The encoder of 'T', Bag, has no recurrent layer, but its last recurrent layer's final state starts the decoder; add a SimpleRnn, Lstm or Gru layer", d.GetMessage());
        }

        [Fact]
        public void StatesOfDifferentKinds()
        {
            var d = Assert.Single(VerifySeq2Seq((Parts + """
                [Input(Dim.Variable)]
                [Embedding(30, 8)]
                [Lstm(16, ReturnSequences = true)]
                [{|+RNN0032:Lstm(16)|}]
                public partial class L { }

                [Seq2Seq(typeof(L), {|RNN0032:typeof(D)|})]
                public partial class T { }
                """).Replace("[Gru(16, ReturnSequences = true)]", "[{|+RNN0032:Gru(16, ReturnSequences = true)|}]")));
            Assert.Equal("The final state of Lstm(16), the last recurrent layer of the encoder 'L', starts Gru(16), the first recurrent layer of the decoder 'D', but they carry different states (LstmState(H, C) against GruState(H)); make both layers Lstm, both Gru or both SimpleRnn", d.GetMessage());
        }

        [Fact]
        public void StatesOfDifferentSizesAreReportedOnTheDecodersUnits()
        {
            var diagnostics = VerifySeq2Seq("""
                #pragma warning disable RNN0011
                using Rnn;
                [Input(Dim.Variable)]
                [Embedding(30, 8)]
                [{|+RNN0033:Gru(16, Bidirectional = true)|}]
                public partial class Both { }

                [Input(Dim.Variable)]
                [Embedding(30, 8)]
                [{|+RNN0033:Gru(24)|}]
                public partial class One { }

                [Input(Dim.Variable)]
                [Embedding(40, 8)]
                [{|+RNN0033:Gru(16, ReturnSequences = true)|}]
                [Dense(40)]
                public partial class D16 { }

                [Input(Dim.Variable)]
                [Embedding(40, 8)]
                [{|+RNN0033:Gru(units: 20, ReturnSequences = true)|}]
                [Dense(40)]
                public partial class D20 { }

                [Seq2Seq(typeof(Both), {|RNN0033:typeof(D16)|})]
                public partial class T1 { }

                [Seq2Seq(typeof(One), {|RNN0033:typeof(D20)|})]
                public partial class T2 { }
                """);
            Assert.Equal(new[]
            {
                "The final state of Bidirectional Gru(16), the last recurrent layer of the encoder 'Both', has 32 units (its two directions' 16 each, concatenated: MergeMode.Concat), but it starts Gru(16), the first recurrent layer of the decoder 'D16', which has 16; give Gru(16) 32 units, or set MergeMode = MergeMode.Sum on Bidirectional Gru(16) for 16",
                "The final state of Gru(24), the last recurrent layer of the encoder 'One', has 24 units, but it starts Gru(20), the first recurrent layer of the decoder 'D20', which has 20; give Gru(20) 24 units",
            }, diagnostics.Select(d => d.GetMessage()));
        }

        [Fact]
        public void ASummedBidirectionalEncoderStartsADecoderOfItsUnits() => VerifySeq2Seq("""
            #pragma warning disable RNN0011
            using Rnn;
            [Input(Dim.Variable)]
            [Embedding(30, 8)]
            [Lstm(16, Bidirectional = true, MergeMode = MergeMode.Sum)]
            public partial class E { }

            [Input(Dim.Variable)]
            [Embedding(40, 8)]
            [Lstm(16, ReturnSequences = true)]
            [Dense(40)]
            public partial class D { }

            [Seq2Seq(typeof(E), typeof(D))]
            public partial class T { }
            """);

        [Fact]
        public void AMergeModeThatMakesNoOneState()
        {
            var d = Assert.Single(VerifySeq2Seq((Parts + """
                [Input(Dim.Variable)]
                [Embedding(30, 8)]
                [{|+RNN0034:Gru(16, Bidirectional = true, MergeMode = MergeMode.Average)|}]
                public partial class A { }

                [Seq2Seq({|RNN0034:typeof(A)|}, typeof(D))]
                public partial class T { }
                """).Replace("[Gru(16, ReturnSequences = true)]", "[{|+RNN0034:Gru(16, ReturnSequences = true)|}]")));
            Assert.Equal("Bidirectional Gru(16), the last recurrent layer of the encoder 'A', merges its directions with MergeMode.Average, but its two final states become the decoder's one state only by Concat (the decoder's first recurrent layer then has 32 units) or Sum (16 units); set MergeMode = MergeMode.Concat or MergeMode = MergeMode.Sum", d.GetMessage());
        }

        [Fact]
        public void ADecoderThatIsNoLanguageModel()
        {
            var diagnostics = VerifySeq2Seq(Parts + """
                [Input(Dim.Variable, 3)]
                [Gru(16, ReturnSequences = true)]
                [Dense(40)]
                public partial class Floats { }

                [Input(Dim.Variable)]
                [Embedding(40, 8)]
                [{|+RNN0035:Gru(16, ReturnSequences = true, Bidirectional = true, MergeMode = MergeMode.Sum)|}]
                [Dense(40)]
                public partial class Backwards { }

                [Input(Dim.Variable)]
                [Embedding(40, 8)]
                [{|+RNN0035:Gru(16)|}]
                [Dense(40)]
                public partial class Final { }

                [Input(Dim.Variable)]
                [Embedding(40, 8)]
                [Gru(16, ReturnSequences = true)]
                [{|+RNN0035:Dense(39)|}]
                public partial class Short { }

                [Input(Dim.Variable)]
                [Embedding(40, 8)]
                [Gru(16, ReturnSequences = true)]
                [{|+RNN0035:Conv1D(8, 3)|}]
                [Dense(40)]
                public partial class Windows { }

                [Seq2Seq(typeof(E), {|RNN0035:typeof(Floats)|})] public partial class T1 { }
                [Seq2Seq(typeof(E), {|RNN0035:typeof(Backwards)|})] public partial class T2 { }
                [Seq2Seq(typeof(E), {|RNN0035:typeof(Final)|})] public partial class T3 { }
                [Seq2Seq(typeof(E), {|RNN0035:typeof(Short)|})] public partial class T4 { }
                [Seq2Seq(typeof(E), {|RNN0035:typeof(Windows)|})] public partial class T5 { }
                """.Replace("[Input(Dim.Variable, 3)]", "[{|+RNN0035:Input(Dim.Variable, 3)|}]"));
            const string Tail = "; a decoder writes one token per step, so it reads token ids through an Embedding, runs every layer one step at a time and ends in one score per token, [None, time, vocabulary]";
            Assert.Equal(new[]
            {
                "The decoder 'Floats' of 'T1' is not a language model over its vocabulary: its input is [None, None, 3], not token ids read by an Embedding" + Tail,
                "The decoder 'Backwards' of 'T2' is not a language model over its vocabulary: Bidirectional Gru(16) also reads each sequence backwards, so it cannot run one step at a time" + Tail,
                "The decoder 'Final' of 'T3' is not a language model over its vocabulary: Gru(16) returns one output per sequence, not one per step; set ReturnSequences = true" + Tail,
                "The decoder 'Short' of 'T4' is not a language model over its vocabulary: its output is [None, None, 39], but a language model's is [None, time, 40], one score per token of its Embedding(40, 8)" + Tail,
                "The decoder 'Windows' of 'T5' is not a language model over its vocabulary: Conv1D(8, 3) looks at several steps at once, so it cannot run one step at a time" + Tail,
            }, diagnostics.Select(d => d.GetMessage()));
        }

        [Fact]
        public void AttentionWithoutTheEncodersSequence()
        {
            var d = Assert.Single(VerifySeq2Seq("""
                #pragma warning disable RNN0011
                using Rnn;
                [Input(Dim.Variable)]
                [Embedding(30, 8, MaskZero = true)]
                [{|+RNN0037:Gru(16)|}]
                public partial class E { }

                [Input(Dim.Variable)]
                [Embedding(40, 8, MaskZero = true)]
                [Gru(16, ReturnSequences = true)]
                [{|+RNN0037:Attention|}]
                [Dense(40)]
                public partial class D { }

                [Seq2Seq({|RNN0037:typeof(E)|}, typeof(D))]
                public partial class T { }
                """));
            Assert.Equal("[None, None] → Embedding(30, 8) → [None, None, 8] → Gru(16) → [None, 16]; Attention() in the decoder 'D' attends over the encoder's output sequence [None, time, features]: set ReturnSequences = true on Gru(16)", d.GetMessage());
        }

        [Fact]
        public void AttentionOfAnotherWidthThanTheEncodersOutput()
        {
            // The bidirectional encoder's output is 2 · 12 = 24 wide; the decoder's queries 24 (AdditiveAttention) and then 48.
            var diagnostics = VerifySeq2Seq("""
                #pragma warning disable RNN0011
                using Rnn;
                [Input(Dim.Variable)]
                [Embedding(30, 8, MaskZero = true)]
                [{|+RNN0029:Gru(12, Bidirectional = true, ReturnSequences = true)|}]
                public partial class E { }

                [Input(Dim.Variable)]
                [Embedding(40, 8, MaskZero = true)]
                [Gru(24, ReturnSequences = true)]
                [AdditiveAttention]
                [{|+RNN0029:Attention|}]
                [Dense(40)]
                public partial class D { }

                [Seq2Seq(typeof(E), {|RNN0029:typeof(D)|})]
                public partial class T { }
                """);
            Assert.Equal("Attention() gets queries [None, None, 48] but attends over values [None, None, 24]: its scores compare each query with each value step, so both need the same number of features; give the queries 24 features or the values 48 features",
                Assert.Single(diagnostics).GetMessage());
        }

        [Fact]
        public void ADecoderWithCausalAttentionOrAFixedLengthIsNoLanguageModel()
        {
            var diagnostics = VerifySeq2Seq("""
                #pragma warning disable RNN0011
                using Rnn;
                [Input(Dim.Variable)]
                [Embedding(30, 8, MaskZero = true)]
                [Gru(16, ReturnSequences = true)]
                public partial class E { }

                [Input(Dim.Variable)]
                [Embedding(40, 8, MaskZero = true)]
                [Gru(16, ReturnSequences = true)]
                [{|+RNN0035:Attention(Causal = true)|}]
                [Dense(40)]
                public partial class Causal { }

                [{|+RNN0035:Input(12)|}]
                [Embedding(40, 8, MaskZero = true)]
                [Gru(16, ReturnSequences = true)]
                [Attention]
                [Dense(40)]
                public partial class Fixed { }

                [Seq2Seq(typeof(E), {|RNN0035:typeof(Causal)|})] public partial class T1 { }
                [Seq2Seq(typeof(E), {|RNN0035:typeof(Fixed)|})] public partial class T2 { }
                """);
            Assert.Contains("Attention() with Causal = true lines its steps up with the encoder's, so it cannot run one step at a time over them", diagnostics[0].GetMessage());
            Assert.Contains("its input has 12 timesteps, but a decoder reads one token at a time: declare [Input(Dim.Variable)]", diagnostics[1].GetMessage());
        }

        [Fact]
        public void ASeq2SeqModelWithLayersOfItsOwn()
        {
            var diagnostics = VerifySeq2Seq(Parts + """
                [Seq2Seq(typeof(E), typeof(D))]
                [{|RNN0036:Input(3, 4)|}]
                [Lstm(8)]
                public partial class T { }
                """);
            Assert.Equal("'T' joins an encoder and a decoder with [Seq2Seq], so it has no input or layers of its own; move [Input] to the encoder or the decoder",
                Assert.Single(diagnostics).GetMessage());
        }

        [Fact]
        public void TheSeq2SeqClassIsCheckedAsEveryModelClass()
        {
            var diagnostics = VerifySeq2Seq(Parts + """
                [Seq2Seq(typeof(E), typeof(D))]
                public class {|RNN0005:T1|} { }

                [Seq2Seq(typeof(E), typeof(D))]
                public partial class T2 : {|RNN0012:System.Exception|} { }

                [Seq2Seq(typeof(E), typeof(D))]
                public partial class T3{|RNN0027:(int size)|} { }

                [Seq2Seq(typeof(E), typeof(D))]
                public partial class T4 { public int {|RNN0025:EncoderModel|}; private int {|RNN0025:decoder|}; public {|RNN0028:T4|}(long? seed) { } }
                """, withRuntime: true);
            Assert.Equal("'T2' derives from 'System.Exception', but the generated model derives from Rnn.Seq2SeqModel; remove the base class", diagnostics[1].GetMessage());
            Assert.Equal("'T4' declares 'EncoderModel', but the generated model declares 'public override RnnModel EncoderModel'; rename or remove 'EncoderModel'", diagnostics[3].GetMessage());
        }

        [Fact]
        public void TheSameModelTwiceIsAnEncoderAndADecoder()
        {
            // One declared model can read and write the same tokens; the Seq2Seq model holds two instances of it.
            var run = Run("""
                #pragma warning disable RNN0011
                using Rnn;
                [Input(Dim.Variable)]
                [Embedding(40, 8, MaskZero = true)]
                [Gru(16, ReturnSequences = true)]
                [Dense(40)]
                public partial class Both { }

                [Seq2Seq(typeof(Both), typeof(Both))]
                public partial class T { }
                """, out _, withRuntime: true);
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        /// <summary>
        /// <see cref="Verify"/> for Seq2Seq models: the parts generate their own classes whatever is wrong with the join,
        /// so only the [Seq2Seq] classes must generate nothing after an error (and each its file otherwise).
        /// </summary>
        private static List<Diagnostic> VerifySeq2Seq(string markup, bool withRuntime = false)
        {
            Run(markup, out var diagnostics, withRuntime, generated: Seq2SeqHintNames(markup));
            return diagnostics;
        }

        private static Run RunSeq2Seq(string markup, out List<Diagnostic> diagnostics, bool withRuntime = false) =>
            Run(markup, out diagnostics, withRuntime, generated: Seq2SeqHintNames(markup));

        /// <summary>The hint names of the classes that carry [Seq2Seq] in <paramref name="markup"/>'s source.</summary>
        private static List<string> Seq2SeqHintNames(string markup) =>
            Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Markup.Parse(markup).Source).GetRoot().DescendantNodes()
                .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>()
                .Where(c => c.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() == "Seq2Seq"))
                .Select(c => c.Identifier.ValueText + ".g.cs")
                .ToList();
    }
}
