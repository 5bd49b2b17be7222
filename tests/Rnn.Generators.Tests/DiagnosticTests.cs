using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Rnn.Generators.Model;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// Every diagnostic with its exact span, severity and additional location. Every reported diagnostic must be
    /// marked in the source, and every marked one reported.
    /// </summary>
    public partial class DiagnosticTests
    {
        /// <summary>The expected severities, written out independently of the descriptors.</summary>
        private static readonly Dictionary<string, DiagnosticSeverity> Severities = new()
        {
            ["RNN0001"] = DiagnosticSeverity.Error,
            ["RNN0002"] = DiagnosticSeverity.Error,
            ["RNN0003"] = DiagnosticSeverity.Error,
            ["RNN0004"] = DiagnosticSeverity.Error,
            ["RNN0005"] = DiagnosticSeverity.Error,
            ["RNN0006"] = DiagnosticSeverity.Error,
            ["RNN0007"] = DiagnosticSeverity.Error,
            ["RNN0008"] = DiagnosticSeverity.Error,
            ["RNN0009"] = DiagnosticSeverity.Error,
            ["RNN0010"] = DiagnosticSeverity.Error,
            ["RNN0011"] = DiagnosticSeverity.Info,
            ["RNN0012"] = DiagnosticSeverity.Error,
            ["RNN0013"] = DiagnosticSeverity.Error,
            ["RNN0014"] = DiagnosticSeverity.Error,
            ["RNN0015"] = DiagnosticSeverity.Error,
            ["RNN0016"] = DiagnosticSeverity.Error,
            ["RNN0017"] = DiagnosticSeverity.Error,
            ["RNN0018"] = DiagnosticSeverity.Error,
            ["RNN0019"] = DiagnosticSeverity.Error,
            ["RNN0020"] = DiagnosticSeverity.Error,
            ["RNN0021"] = DiagnosticSeverity.Error,
            ["RNN0022"] = DiagnosticSeverity.Error,
            ["RNN0023"] = DiagnosticSeverity.Warning,
            ["RNN0024"] = DiagnosticSeverity.Error,
            ["RNN0025"] = DiagnosticSeverity.Error,
            ["RNN0026"] = DiagnosticSeverity.Error,
            ["RNN0027"] = DiagnosticSeverity.Error,
            ["RNN0028"] = DiagnosticSeverity.Error,
            ["RNN0029"] = DiagnosticSeverity.Error,
            ["RNN0030"] = DiagnosticSeverity.Error,
            ["RNN0031"] = DiagnosticSeverity.Error,
            ["RNN0032"] = DiagnosticSeverity.Error,
            ["RNN0033"] = DiagnosticSeverity.Error,
            ["RNN0034"] = DiagnosticSeverity.Error,
            ["RNN0035"] = DiagnosticSeverity.Error,
            ["RNN0036"] = DiagnosticSeverity.Error,
            ["RNN0037"] = DiagnosticSeverity.Error,
        };

        [Fact]
        public void RecurrentAfterRecurrentWithoutReturnSequences()
        {
            var d = Single("""
                using Rnn;
                [Input(28, 28)]
                [{|RNN0001:SimpleRnn(64)|}]
                [{|+RNN0001:Lstm(32)|}]
                public partial class M { }
                """);
            Assert.Equal("[None, 28, 28] → SimpleRnn(64) → [None, 64]; Lstm(32) needs a sequence [None, time, features]: set ReturnSequences = true on SimpleRnn(64)", d.GetMessage());
            Assert.Equal("RnnShape", d.Descriptor.Category);
        }

        [Fact]
        public void RecurrentAfterDenseOnTwoDimensions()
        {
            var d = Single("""
                using Rnn;
                [Input(10, 4)]
                [Lstm(16)]
                [{|RNN0001:Dense(8)|}]
                [{|+RNN0001:Gru(4)|}]
                public partial class M { }
                """);
            Assert.Equal("[None, 10, 4] → Lstm(16) → [None, 16] → Dense(8) → [None, 8]; Gru(4) needs a sequence [None, time, features]: set ReturnSequences = true on Lstm(16) so that Dense(8) returns a sequence", d.GetMessage());
        }

        [Fact]
        public void NonPositiveSizesAreReportedOnTheArgument()
        {
            var diagnostics = Verify("""
                using Rnn;
                [Input({|RNN0002:0|}, {|RNN0002:features: -3|})]
                [Lstm({|RNN0002:units: 0|})]
                [Dense(10)]
                public partial class M { }
                """);
            Assert.Equal(new[]
            {
                "Input(0, -3) has timesteps = 0, but timesteps must be positive",
                "Input(0, -3) has features = -3, but features must be positive",
                "Lstm(0) has units = 0, but units must be positive",
            }, diagnostics.Select(d => d.GetMessage()));
        }

        [Fact]
        public void LayersWithoutInput() => Verify("""
            using Rnn;
            [{|RNN0003:Lstm(4)|}]
            [Dense(2)]
            public partial class M { }
            """);

        [Fact]
        public void DuplicateInput() => Verify("""
            using Rnn;
            [{|+RNN0004:Input(1, 2)|}]
            [{|RNN0004:Input(3, 4)|}]
            [Gru(2)]
            public partial class M { }
            """);

        [Fact]
        public void NotPartial()
        {
            var d = Single("""
                using Rnn;
                [Input(1, 2)]
                [Gru(2)]
                public class {|RNN0005:M|} { }
                """);
            Assert.Equal("'M' has Rnn layer attributes but is not partial; declare it 'partial class M' so the model can be generated", d.GetMessage());
        }

        [Fact]
        public void ContainingTypeNotPartial() => Verify("""
            using Rnn;
            public class Outer
            {
                [Input(1, 2)]
                [Gru(2)]
                public partial class {|RNN0006:M|} { }
            }
            """);

        [Fact]
        public void Generic() => Verify("""
            using Rnn;
            [Input(1, 2)]
            [Gru(2)]
            public partial class {|RNN0007:M|}<T> { }
            """);

        [Fact]
        public void NestedInGeneric() => Verify("""
            using Rnn;
            public partial class Outer<T>
            {
                [Input(1, 2)]
                [Gru(2)]
                public partial class {|RNN0007:M|} { }
            }
            """);

        [Fact]
        public void LayersSpreadOverPartialDeclarations() => Verify("""
            using Rnn;
            [Input(2, 2)]
            [{|+RNN0008:Lstm(3)|}]
            public partial class M { }

            [{|RNN0008:Dense(2)|}]
            public partial class M { }
            """);

        [Fact]
        public void InputOnAnotherPartialDeclarationIsFine()
        {
            var run = Run("""
                using Rnn;
                [Input(2, 2)]
                public partial class M { }

                [Lstm(3)]
                [Dense(2)]
                public partial class M { }
                """);
            Assert.Empty(run.Diagnostics);
            Assert.Single(run.Sources);
        }

        [Fact]
        public void SimpleRnnActivation()
        {
            var d = Single("""
                using Rnn;
                [Input(3, 3)]
                [SimpleRnn(8, {|RNN0009:Activation.Sigmoid|})]
                public partial class M { }
                """);
            Assert.Equal("SimpleRnn supports the activations Tanh and Relu, not Sigmoid", d.GetMessage());
        }

        [Fact]
        public void InputWithoutLayers()
        {
            var d = Single("""
                using Rnn;
                [{|RNN0010:Input(5, 6)|}]
                public partial class M { }
                """);
            Assert.Contains("[None, 5, 6]", d.GetMessage());
        }

        [Fact]
        public void OutputIsSequenceIsInformationAndStillGenerates()
        {
            var run = Run("""
                using Rnn;
                [Input(28, 28)]
                [{|RNN0011:Lstm(32, ReturnSequences = true)|}]
                [{|+RNN0011:Dense(10)|}]
                public partial class M { }
                """, out var diagnostics);
            Assert.Equal("The output of 'M' is a sequence, [None, 28, 10]: [None, 28, 28] → Lstm(32) → [None, 28, 32] → Dense(10) → [None, 28, 10]; set ReturnSequences = false on Lstm(32) for one output per sequence",
                Assert.Single(diagnostics).GetMessage());
            Assert.Contains("new global::Rnn.Shape(null, 28, 10)", Assert.Single(run.Sources).SourceText.ToString());
        }

        [Fact]
        public void OutputIsSequenceWithoutRecurrentLayer()
        {
            var d = Single("""
                using Rnn;
                [Input(4, 3)]
                [{|RNN0011:Dense(2)|}]
                public partial class M { }
                """);
            Assert.EndsWith("add a recurrent layer, such as Lstm, for one output per sequence", d.GetMessage());
        }

        [Fact]
        public void BaseClass() => Verify("""
            using Rnn;
            [Input(1, 2)]
            [Gru(2)]
            public partial class M : {|RNN0012:System.Exception|} { }
            """);

        [Fact]
        public void BaseClassNamedInAnotherFileIsWhereTheDiagnosticPoints()
        {
            // The first base list (file A) names only an interface; the base class is named in file B.
            var compilation = GeneratorHarness.CreateCompilation(new[]
            {
                "using Rnn;\n[Input(1, 2)]\n[Gru(2)]\npublic partial class M : System.IDisposable { public void Dispose() { } }\n",
                "public class Foo { }\npublic partial class M : Foo { }\n",
            });
            var diagnostic = Assert.Single(GeneratorHarness.Analyze(compilation));
            Assert.Equal("RNN0012", diagnostic.Id);
            Assert.Contains("'Foo'", diagnostic.GetMessage());
            Assert.Same(compilation.SyntaxTrees.ElementAt(1), diagnostic.Location.SourceTree);
            Assert.Equal("Foo", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        }

        [Fact]
        public void RnnModelAsBaseClassIsFine()
        {
            var run = Run("""
                using Rnn;
                /// <summary>A model that names its base class itself.</summary>
                [Input(1, 2)]
                [Gru(2)]
                public partial class M : RnnModel { }
                """, withRuntime: true);
            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.CompilerProblems());
        }

        [Fact]
        public void UndefinedActivation() => Verify("""
            using Rnn;
            [Input(1, 2)]
            [Gru(2)]
            [Dense(2, {|RNN0013:(Activation)42|})]
            public partial class M { }
            """);

        [Fact]
        public void StaticClass() => Verify("""
            using Rnn;
            [Input(1, 2)]
            [Gru(2)]
            public static partial class {|RNN0014:M|} { }
            """);

        [Fact]
        public void Record() => Verify("""
            using Rnn;
            [Input(1, 2)]
            [Gru(2)]
            public partial record {|RNN0014:M|} { }
            """);

        [Fact]
        public void FileLocalClass() => Verify("""
            using Rnn;
            [Input(1, 2)]
            [Gru(2)]
            file partial class {|RNN0014:M|} { }
            """);

        [Fact]
        public void TooManyParameters() => Verify("""
            using Rnn;
            [Input(1, 2000000000)]
            [Lstm({|RNN0015:2000000000|})]
            public partial class M { }
            """);

        [Fact]
        public void TooManyParametersInTotal()
        {
            // Each layer fits in a long (4,611,686,078,556,930,019 and 9,223,372,032,559,808,512); their sum does not.
            var d = Single("""
                using Rnn;
                [Input(28, 28)]
                [SimpleRnn(2147483647, ReturnSequences = true)]
                [SimpleRnn({|RNN0015:2147483647|})]
                [Dense(10)]
                public partial class M { }
                """);
            Assert.Equal("The layers of 'M' up to SimpleRnn(2147483647) would have 13,835,058,111,116,738,531 parameters, more than a model can hold; use fewer units", d.GetMessage());
        }

        [Fact]
        public void MembersNamedLikeGeneratedMembers()
        {
            var diagnostics = VerifyClashes("""
                using Rnn;
                using TorchSharp;
                [Input(28, 28)]
                [SimpleRnn(16)]
                [Dense(10)]
                public partial class M
                {
                    public static int[] {|RNN0025:InputShape|} = { 28, 28 };
                    public int {|RNN0025:OutputShape|} { get; set; }
                    public const long {|RNN0025:ParameterCount|} = 1;
                    public class {|RNN0025:Architecture|} { }
                    public torch.Tensor {|RNN0025:Forward|}(torch.Tensor input) => input;
                    public void Forward(int steps) { }
                    public torch.Tensor Forward(torch.Tensor input, bool training) => input;
                    public T Forward<T>(torch.Tensor input) => default!;
                    public (torch.Tensor, torch.Tensor?) {|RNN0025:ForwardWithMask|}(torch.Tensor x) => (x, null);
                    public string {|RNN0025:Summary|}() => "";
                    public string Summary(int width) => "";
                    public event System.Action? {|RNN0025:LayerModules|};
                    public static void {|RNN0025:InitializeRnnRuntime|}() { }
                    public static int {|RNN0025:ModelInputShape|}(int x) => x;
                    public struct {|RNN0025:State|} { }
                    public int {|RNN0025:InitialState|}(long batchSize) => 0;
                    public int InitialState(int batchSize) => batchSize;
                    public void {|RNN0025:ForwardWithState|}(int steps) { }
                }
                """);
            Assert.Equal("'M' declares 'Forward(Tensor)', but the generated model declares 'public override Tensor Forward(Tensor input)'; rename or remove 'Forward(Tensor)'",
                diagnostics.Single(d => d.GetMessage().Contains("'Forward(")).GetMessage());
            Assert.Equal("'M' declares 'InputShape', but the generated model declares 'public static Shape InputShape'; rename or remove 'InputShape'",
                diagnostics[0].GetMessage());
        }

        [Fact]
        public void MembersNamedLikeLayerFields()
        {
            var d = VerifyClashes("""
                using Rnn;
                [Input(28, 28)]
                [SimpleRnn(16, ReturnSequences = true)]
                [SimpleRnn(16)]
                [Dense(10)]
                [Dense(2)]
                public partial class M
                {
                    private int {|RNN0026:dense|};
                    public void {|RNN0026:simple_rnn_1|}() { }
                    private int dense_2;
                    private int Dense;
                }
                """);
            Assert.Equal("'M' declares 'dense', the name of the field that holds its layer Dense(10); rename it: layer fields have the layers' Keras names, which also prefix their parameter names in saved weights",
                d[0].GetMessage());
        }

        [Fact]
        public void PrimaryConstructor()
        {
            var d = Assert.Single(VerifyClashes("""
                using Rnn;
                [Input(28, 28)]
                [Lstm(16)]
                [Dense(10)]
                public partial class M{|RNN0027:(int size)|}
                {
                    public int Size => size;
                }
                """));
            Assert.Equal("'M' has a primary constructor, (int size), but the generated model declares its own constructors, M() and M(long? seed); remove the parameter list and declare a constructor that calls : this(seed)",
                d.GetMessage());
        }

        [Fact]
        public void ConstructorsWithTheGeneratedSignatures()
        {
            var d = VerifyClashes("""
                using Rnn;
                [Input(28, 28)]
                [Lstm(16)]
                [Dense(10)]
                public partial class M
                {
                    public {|RNN0028:M|}() { }
                    private {|RNN0028:M|}(long? seed = 3) { }
                    public M(long seed) : this((long?)seed) { }
                    public M(int hidden, long? seed) : this(seed) { }
                    static M() { }
                }

                [Input(28, 28)]
                [Lstm(16)]
                [Dense(10)]
                public partial class N{|RNN0027:()|} { }
                """);
            Assert.Equal("'M' declares the constructor M(), which the generated model declares as 'public M() : this(null)'; remove it, or give it other parameters and call : this(seed)",
                d[0].GetMessage());
        }

        [Fact]
        public void SeveralProblemsAreAllReported() => Verify("""
            using Rnn;
            [{|+RNN0004:{|+RNN0004:Input(28, 28)|}|}]
            [SimpleRnn({|RNN0002:0|}, {|RNN0009:Activation.Softmax|})]
            [{|RNN0004:Input(1, 1)|}]
            [{|RNN0004:Input(2, 2)|}]
            public class {|RNN0005:M|} { }
            """);

        [Theory]
        [InlineData("[Input(28, 28, 28)] [Lstm(4)]")]
        [InlineData("[Input(28)] [Embedding(10, 4, MaskZero = 1)] [Lstm(4)]")]
        [InlineData("[Input(28, 28)] [Conv1D(4, 3, Padding = \"Same\")] [Lstm(4)]")]
        [InlineData("[Input(28, 28)] [Dropout(\"0.5\")] [Lstm(4)]")]
        [InlineData("[Input(28, 28)] [Lstm(\"4\")]")]
        [InlineData("[Input(28, 28)] [Lstm(Size)]")]
        [InlineData("[Input(28, 28)] [Lstm(4, ReturnSequences = 1)]")]
        [InlineData("[Input(28, 28)] [Dense(4, 3)]")]
        [InlineData("[Input(28, 28)] [Lstm(4)] [Unknown(3)]")]
        public void AttributesWithCompilerErrorsAreLeftToTheCompiler(string attributes)
        {
            var run = GeneratorHarness.Run("using Rnn;\n" + attributes + "\npublic partial class M { public static int Size = 3; }");
            Assert.NotEmpty(run.Input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.Empty(run.Diagnostics.Where(d => d.Id != "RNN0011"));
            if (attributes.Contains("Unknown")) Assert.Single(run.Sources); // an unrelated attribute error does not stop the model
            else Assert.Empty(run.Sources);
        }

        [Fact]
        public void WindowLongerThanAFixedSequence()
        {
            var diagnostics = Verify("""
                using Rnn;
                [Input(3, 16)]
                [Conv1D(32, {|RNN0016:5|})]
                [GlobalMaxPooling1D]
                public partial class M { }

                [Input(8, 16)]
                [Conv1D(32, 3)]
                [MaxPooling1D({|RNN0016:poolSize: 7|})]
                public partial class N { }
                """);
            Assert.Equal("[None, 3, 16] → Conv1D(kernel 5) needs at least 5 timesteps; use Padding = WindowPadding.Same or WindowPadding.Causal, a smaller kernel, or a longer input",
                diagnostics[0].GetMessage());
            Assert.StartsWith("[None, 8, 16] → Conv1D(32, 3) → [None, 6, 32] → MaxPooling1D(pool 7) needs at least 7 timesteps", diagnostics[1].GetMessage());
        }

        [Fact]
        public void DilationWidensTheWindow()
        {
            var d = Single("""
                using Rnn;
                [Input(6, 2)]
                [Conv1D(4, {|RNN0016:kernelSize: 3|}, DilationRate = 3)]
                [GlobalAveragePooling1D]
                public partial class M { }
                """);
            Assert.StartsWith("[None, 6, 2] → Conv1D(kernel 3, dilation 3) needs at least 7 timesteps", d.GetMessage());
        }

        [Fact]
        public void VariableLengthInputsHaveNoLengthToCheck() => Verify("""
            using Rnn;
            [Input(Dim.Variable, 16)]
            [Conv1D(32, 5)]
            [MaxPooling1D(4)]
            [GlobalMaxPooling1D]
            [Dense(2)]
            public partial class M { }
            """);

        [Fact]
        public void TokenInputNeedsEmbedding()
        {
            var d = Single("""
                using Rnn;
                [{|+RNN0017:Input(100)|}]
                [{|RNN0017:Lstm(32)|}]
                [Dense(2)]
                public partial class M { }
                """);
            Assert.Equal("Input(100) gives int64 token ids [None, 100], but Lstm(32) needs float features; put [Embedding(vocabulary, dimensions)] right after the input", d.GetMessage());
        }

        [Fact]
        public void EmbeddingOnlyRightAfterATokenInput() => Verify("""
            using Rnn;
            [Input(Dim.Variable)]
            [Embedding(1000, 16)]
            [{|RNN0018:Embedding(10, 4)|}]
            [Lstm(8)]
            public partial class M { }

            [Input(10, 3)]
            [{|RNN0018:Embedding(10, 4)|}]
            [Lstm(8)]
            public partial class N { }
            """);

        [Fact]
        public void ConvolutionAndPoolingNeedASequence()
        {
            // As RNN0001: on the layer that returns [None, features] (where the fix goes), the consumer as additional location.
            var diagnostics = Verify("""
                using Rnn;
                [Input(50, 8)]
                [{|RNN0019:Lstm(32)|}]
                [{|+RNN0019:Conv1D(16, 3)|}]
                [GlobalMaxPooling1D]
                public partial class M { }

                [Input(50, 8)]
                [{|RNN0019:GlobalAveragePooling1D|}]
                [{|+RNN0019:GlobalMaxPooling1D|}]
                public partial class N { }
                """);
            Assert.Equal("[None, 50, 8] → Lstm(32) → [None, 32]; Conv1D(16, 3) needs a sequence [None, time, features]: set ReturnSequences = true on Lstm(32)", diagnostics[0].GetMessage());
            Assert.EndsWith("GlobalMaxPooling1D() needs a sequence [None, time, features]: give GlobalAveragePooling1D() a sequence input", diagnostics[1].GetMessage());
            Assert.False(diagnostics[1].Properties.ContainsKey(DiagnosticIds.ReturnSequencesTarget));
        }

        [Theory]
        [InlineData("[{|RNN0019:Gru(8)|}] [{|+RNN0019:Conv1D(4, 2)|}]", "Gru(8)")]
        [InlineData("[{|RNN0019:Lstm(8)|}] [{|+RNN0019:GlobalAveragePooling1D|}]", "Lstm(8)")]
        [InlineData("[{|RNN0019:SimpleRnn(8)|}] [{|+RNN0019:MaxPooling1D(2)|}] [Gru(4)]", "SimpleRnn(8)")]
        [InlineData("[{|RNN0019:Lstm(8)|}] [{|+RNN0019:Masking|}] [Gru(4)]", "Lstm(8)")]
        [InlineData("[Lstm(8)] [{|RNN0019:Dense(4)|}] [{|+RNN0019:GlobalMaxPooling1D|}]", "Lstm(8)")]
        [InlineData("[{|RNN0019:Gru(8)|}] [{|+RNN0019:Attention(Causal = true)|}] [Gru(4)]", "Gru(8)")]
        [InlineData("[{|RNN0019:Lstm(8)|}] [{|+RNN0019:AdditiveAttention|}] [Gru(4)]", "Lstm(8)")]
        public void LayerNeedsSequenceIsAtTheProducerLikeRecurrentNeedsSequence(string layers, string target)
        {
            string markup = "using Rnn;\n[Input(10, 3)]\n" + layers + "\n[Dense(2)]\npublic partial class M { }";
            var d = Single(markup);
            var (source, _) = Markup.Parse(markup);
            var span = d.Properties[DiagnosticIds.ReturnSequencesTarget]!.Split(':').Select(int.Parse).ToArray();
            Assert.Equal(target, source.Substring(span[0], span[1]));
            Assert.Contains("set ReturnSequences = true on " + target, d.GetMessage());
        }

        [Fact]
        public void RecurrentAfterPoolingIsNotFixedByReturnSequencesBeforeIt()
        {
            var d = Single("""
                using Rnn;
                [Input(10, 4)]
                [Lstm(16, ReturnSequences = true)]
                [{|RNN0001:GlobalMaxPooling1D|}]
                [{|+RNN0001:Gru(4)|}]
                public partial class M { }
                """);
            Assert.EndsWith("Gru(4) needs a sequence [None, time, features]: give GlobalMaxPooling1D() a sequence input", d.GetMessage());
            Assert.False(d.Properties.ContainsKey(DiagnosticIds.ReturnSequencesTarget));
        }

        [Fact]
        public void DropoutRates() => Verify("""
            using Rnn;
            [Input(50, 8)]
            [Lstm(32, ReturnSequences = true, {|RNN0020:Dropout = 1.0|})]
            [AdditiveAttention(UseScale = false, {|RNN0020:Dropout = 1.5|})]
            [Attention(Causal = true, Dropout = 0.5)]
            [Dropout({|RNN0020:-0.1|})]
            [Gru(4, {|RNN0020:Dropout = double.NaN|})]
            [Dropout(0)]
            public partial class M { }
            """);

        [Fact]
        public void AttentionOverAnEncoderOfAnotherWidthIsReportedOnTheAttentionLayer()
        {
            // As a model kind with an encoder reports it for its decoder: the attention layer is at fault, on the whole attribute.
            var (source, spans) = Markup.Parse("""
                using Rnn;
                [Input(Dim.Variable)]
                [Embedding(40, 16, MaskZero = true)]
                [Gru(32, ReturnSequences = true)]
                [{|RNN0029:AdditiveAttention(Causal = false)|}]
                [Dense(40, Activation.Softmax)]
                public partial class Decoder { }
                """);
            var d = Assert.Single(GeneratorHarness.DiagnoseWithMemory(source, TensorShape.Sequence(Dimension.Unknown, 64)));
            Assert.Equal((spans.Single().Id, spans.Single().TextSpan), (d.Id, d.Location.SourceSpan));
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Equal("RnnShape", d.Descriptor.Category);
            Assert.Empty(d.AdditionalLocations);
            Assert.Equal("AdditiveAttention() gets queries [None, None, 32] but attends over values [None, None, 64]: its scores compare each query with each value step, "
                + "so both need the same number of features; give the queries 64 features or the values 32 features", d.GetMessage());
            Assert.DoesNotContain(GeneratorHarness.DiagnoseWithMemory(source, TensorShape.Sequence(Dimension.Unknown, 32)), x => x.Severity == DiagnosticSeverity.Error);
            Assert.DoesNotContain(GeneratorHarness.Run(source).Diagnostics, x => x.Severity == DiagnosticSeverity.Error); // alone it attends over itself
        }

        [Fact]
        public void MergeModeWithoutBidirectional()
        {
            var d = Single("""
                using Rnn;
                [Input(50, 8)]
                [Gru(32, ReturnSequences = true, {|RNN0021:MergeMode = MergeMode.Average|})]
                [Lstm(8, Bidirectional = true, MergeMode = MergeMode.Sum)]
                [Dense(2)]
                public partial class M { }
                """);
            Assert.Equal("Gru(32) sets MergeMode = Average but is not bidirectional; set Bidirectional = true, or remove MergeMode", d.GetMessage());
        }

        [Fact]
        public void MaskingOnTokens() => Verify("""
            using Rnn;
            [{|+RNN0022:Input(100)|}]
            [{|RNN0022:Masking(0)|}]
            [Embedding(100, 4)]
            [Lstm(8)]
            public partial class M { }
            """);

        [Fact]
        public void ConvolutionAfterAMaskWarnsAndStillGenerates()
        {
            var run = Run("""
                using Rnn;
                [Input(100)]
                [{|+RNN0023:Embedding(1000, 16, MaskZero = true)|}]
                [{|RNN0023:Conv1D(32, 3)|}]
                [GlobalMaxPooling1D]
                [Dense(2)]
                public partial class M { }

                [Input(Dim.Variable, 3)]
                [{|+RNN0023:Masking|}]
                [Dense(4)]
                [{|RNN0023:MaxPooling1D(2)|}]
                [Lstm(2)]
                public partial class N { }
                """, out var diagnostics);
            Assert.Equal("Conv1D(32, 3) ignores the mask from Embedding(1000, 16): padded steps enter its windows and the layers after it see no mask; "
                + "to keep padding out of the result, mask after the convolution or pad with values the model can learn to ignore", diagnostics[0].GetMessage());
            Assert.Equal(2, run.Sources.Length);
        }

        [Fact]
        public void MasksEndWhereKerasEndsThem() => Verify("""
            using Rnn;
            [Input(100)]
            [Embedding(1000, 16, MaskZero = true)]
            [Lstm(8)]
            [Dense(4)]
            public partial class M { }

            [Input(Dim.Variable, 3)]
            [Masking]
            [GlobalAveragePooling1D]
            [Dense(4)]
            public partial class N { }
            """);

        [Fact]
        public void UnsupportedOptions() => Verify("""
            using Rnn;
            [Input(50, 8)]
            [Conv1D(4, 3, {|RNN0024:Padding = (WindowPadding)7|})]
            [MaxPooling1D(2, {|RNN0024:Padding = WindowPadding.Causal|})]
            [Lstm(4, Bidirectional = true, {|RNN0024:MergeMode = (MergeMode)9|})]
            public partial class M { }
            """);

        [Fact]
        public void NewSizesMustBePositive() => Verify("""
            using Rnn;
            [Input(20, 8)]
            [Conv1D({|RNN0002:0|}, {|RNN0002:-1|}, {|RNN0002:Strides = 0|}, {|RNN0002:DilationRate = -2|})]
            [MaxPooling1D({|RNN0002:0|})]
            [MaxPooling1D(2, {|RNN0002:Strides = -1|})]
            [GlobalMaxPooling1D]
            public partial class M { }

            [Input({|RNN0002:Dim.Variable - 1|})]
            [Embedding({|RNN0002:0|}, {|RNN0002:dimensions: -4|})]
            [Lstm(2)]
            public partial class N { }
            """);

        [Fact]
        public void DiagnosticsPointIntoTheSourceTreeSoPragmasApply()
        {
            var run = GeneratorHarness.Run("using Rnn;\n[Input(4, 0)]\n[Lstm(2)]\npublic partial class M { }");
            var d = Assert.Single(run.Diagnostics);
            Assert.True(d.Location.IsInSource);
            Assert.Same(run.Input.SyntaxTrees.Single(), d.Location.SourceTree);
            Assert.Equal("https://github.com/rnn-dotnet/rnn/blob/main/docs/diagnostics/RNN0002.md", d.Descriptor.HelpLinkUri);
        }

        [Fact]
        public void ClassesWithoutRnnAttributesAreIgnored()
        {
            var run = GeneratorHarness.Run("[System.Serializable] public partial class M { } public class N { }");
            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.Sources);
        }

        private static Diagnostic Single(string markup) => Assert.Single(Verify(markup));

        private static List<Diagnostic> Verify(string markup, bool withRuntime = false)
        {
            Run(markup, out var diagnostics, withRuntime);
            return diagnostics;
        }

        private static Run Run(string markup, bool withRuntime = false) => Run(markup, out _, withRuntime);

        /// <summary>
        /// <see cref="Verify"/> with the runtime referenced, for user members that clash with generated ones: each is an
        /// RNN diagnostic, never left to the compiler as a duplicate member or constructor (CS0102, CS0111, CS8862).
        /// </summary>
        private static List<Diagnostic> VerifyClashes(string markup)
        {
            var run = Run(markup, out var diagnostics, withRuntime: true);
            var clashes = run.MemberClashErrors();
            Assert.True(clashes.Count == 0, "The generated file does not compile: " + string.Join("; ", clashes));
            return diagnostics;
        }

        /// <summary>
        /// Runs the generator on the marked-up source and checks every diagnostic against the markup. Nothing is generated
        /// after an error, something is otherwise; with <paramref name="generated"/>, that is the hint name looked for (the
        /// parts of a Seq2Seq model generate their own classes whatever is wrong with the join): all of them, or none.
        /// </summary>
        private static Run Run(string markup, out List<Diagnostic> diagnostics, bool withRuntime = false, IReadOnlyList<string>? generated = null)
        {
            var (source, spans) = Markup.Parse(markup);
            var run = GeneratorHarness.Run(source, withRuntime);
            diagnostics = run.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();

            var expected = spans.Where(s => !s.Additional).OrderBy(s => s.TextSpan.Start).Select(s => (s.Id, s.TextSpan)).ToList();
            var actual = diagnostics.Select(d => (d.Id, d.Location.SourceSpan)).ToList();
            Assert.Equal(expected, actual);

            foreach (var group in diagnostics.GroupBy(d => d.Id))
            {
                var expectedAdditional = spans.Where(s => s.Additional && s.Id == group.Key).Select(s => s.TextSpan).OrderBy(s => s.Start);
                var actualAdditional = group.SelectMany(d => d.AdditionalLocations).Select(l => l.SourceSpan).OrderBy(s => s.Start);
                Assert.Equal(expectedAdditional, actualAdditional);
            }

            foreach (var d in diagnostics)
            {
                Assert.Equal(Severities[d.Id], d.Severity);
                Assert.Same(run.Input.SyntaxTrees.Single(), d.Location.SourceTree);
                Assert.All(d.AdditionalLocations, l => Assert.Same(run.Input.SyntaxTrees.Single(), l.SourceTree));
                Assert.DoesNotContain("{", d.GetMessage()); // every message argument filled in
            }

            bool error = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
            if (generated is not null) Assert.All(generated, name => Assert.Equal(!error, run.Sources.Any(s => s.HintName == name)));
            else if (error) Assert.Empty(run.Sources);
            else Assert.NotEmpty(run.Sources);
            return run;
        }
    }
}
