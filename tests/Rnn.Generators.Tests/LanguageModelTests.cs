using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// Issue 17 §3: a language model (token ids of any length in, scores over its Embedding's vocabulary at every step out,
    /// every layer step-wise, at least one recurrent) gets <c>Generate</c>; calling it on any other model does not compile.
    /// </summary>
    public class LanguageModelTests
    {
        /// <summary>A user's file that declares <paramref name="layers"/> as model M and calls both Generate methods on it.</summary>
        private static string CallingGenerate(string input, string layers) => $$"""
            using Rnn;
            {{input}}
            {{layers}}
            public partial class M { }

            public static class Writer
            {
                public static long[] One(M model) => model.Generate(new long[] { 1, 2 }, 10, Sampling.TopK(5, 0.8, seed: 1), endToken: 3);
                public static long[][] Many(M model) => model.Generate(new[] { new long[] { 1 } }, 10, Sampling.Greedy);
            }
            """;

        [Theory]
        [InlineData("[Embedding(10, 4)] [Lstm(8, ReturnSequences = true)] [Dense(10)]")]
        [InlineData("[Embedding(10, 4, MaskZero = true)] [Gru(8, ReturnSequences = true)] [Dropout(0.2)] [SimpleRnn(6, ReturnSequences = true)] [LayerNormalization] [Dense(10)]")]
        [InlineData("[Embedding(10, 4)] [Dense(5)] [Masking] [Lstm(8, ReturnSequences = true)] [Dense(10)]")]
        public void A_language_model_has_Generate(string layers)
        {
            var run = GeneratorHarness.Run(CallingGenerate("[Input(Dim.Variable)]", layers), withRuntime: true);

            Assert.Empty(run.Diagnostics.Where(d => d.Severity > DiagnosticSeverity.Info));
            Assert.DoesNotContain(run.CompilerProblems(), d => d.Severity == DiagnosticSeverity.Error);
            Assert.Contains("global::Rnn.GeneratedModelSupport.Generate(this, prompt, maxNewTokens, sampling, endToken, 10);", run.Sources.Single().SourceText.ToString());
        }

        [Theory]
        [InlineData("[Input(20)]", "[Embedding(10, 4)] [Lstm(8, ReturnSequences = true)] [Dense(10)]")]                  // a fixed length
        [InlineData("[Input(Dim.Variable)]", "[Embedding(10, 4)] [Lstm(8, ReturnSequences = true)] [Dense(9)]")]       // another vocabulary out
        [InlineData("[Input(Dim.Variable)]", "[Embedding(10, 4)] [Dense(10)]")]                                       // no state to carry
        [InlineData("[Input(Dim.Variable)]", "[Embedding(10, 4)] [Lstm(8)] [Dense(10)]")]                             // one output per sequence
        [InlineData("[Input(Dim.Variable)]", "[Embedding(10, 4)] [Lstm(8, ReturnSequences = true, Bidirectional = true)] [Dense(10)]")] // needs later steps
        [InlineData("[Input(Dim.Variable)]", "[Embedding(10, 4)] [Conv1D(8, 3, Padding = WindowPadding.Causal)] [Lstm(8, ReturnSequences = true)] [Dense(10)]")] // a window over steps
        [InlineData("[Input(Dim.Variable, 10)]", "[Lstm(8, ReturnSequences = true)] [Dense(10)]")]                     // float features in
        [InlineData("[Input(Dim.Variable)]", "[Embedding(10, 4)] [Lstm(8, ReturnSequences = true)] [Attention] [Dense(10)]")] // attends over its own steps
        public void Calling_Generate_on_a_model_that_is_not_a_language_model_does_not_compile(string input, string layers)
        {
            var run = GeneratorHarness.Run(CallingGenerate(input, layers), withRuntime: true);

            Assert.Single(run.Sources);
            var errors = run.CompilerProblems().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.Equal(new[] { "CS1061", "CS1061" }, errors.Select(e => e.Id));
            Assert.All(errors, e => Assert.Contains("'M' does not contain a definition for 'Generate'", e.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        }

        [Fact]
        public void Without_a_runtime_that_has_Sampling_no_model_has_Generate()
        {
            var run = GeneratorHarness.Run("using Rnn;\n[Input(Dim.Variable)] [Embedding(10, 4)] [Lstm(8, ReturnSequences = true)] [Dense(10)]\npublic partial class M { }");

            Assert.DoesNotContain("Generate(", run.Sources.Single().SourceText.ToString());
        }
    }
}
