using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Test = Rnn.CodeFixes.Tests.CodeFixTest<Rnn.CodeFixes.SetReturnSequencesCodeFixProvider>;

namespace Rnn.CodeFixes.Tests
{
    public class SetReturnSequencesTests
    {
        private const string Key = SetReturnSequencesCodeFixProvider.EquivalenceKey;

        /// <summary>RNN0001 on the producer (location 0) with the consumer as additional location (1), and so on in pairs.</summary>
        private static DiagnosticResult NeedsSequence(int producer = 0, int consumer = 1) =>
            new DiagnosticResult("RNN0001", DiagnosticSeverity.Error).WithLocation(producer).WithLocation(consumer);

        /// <summary>RNN0019, located as RNN0001: on the producer (location 0) with the consumer as additional location (1).</summary>
        private static DiagnosticResult LayerNeedsSequence(int producer = 0, int consumer = 1) =>
            new DiagnosticResult("RNN0019", DiagnosticSeverity.Error).WithLocation(producer).WithLocation(consumer);

        [Fact]
        public Task AddsReturnSequencesToTheProducer() => Test.VerifyAsync(
            """
            using Rnn;
            [Input(28, 28)]
            [{|#0:SimpleRnn(64)|}]
            [{|#1:Lstm(32)|}]
            [Dense(10)]
            public partial class MnistRnn { }
            """,
            """
            using Rnn;
            [Input(28, 28)]
            [SimpleRnn(64, ReturnSequences = true)]
            [Lstm(32)]
            [Dense(10)]
            public partial class MnistRnn { }
            """,
            "Set ReturnSequences = true on SimpleRnn(64)", Key, NeedsSequence());

        [Fact]
        public Task TurnsAnExplicitFalseIntoTrue() => Test.VerifyAsync(
            """
            using Rnn;
            [Input(10, 4)]
            [{|#0:Gru(units: 16, ReturnSequences = false)|}]
            [{|#1:Gru(8)|}]
            public partial class M { }
            """,
            """
            using Rnn;
            [Input(10, 4)]
            [Gru(units: 16, ReturnSequences = true)]
            [Gru(8)]
            public partial class M { }
            """,
            "Set ReturnSequences = true on Gru(units: 16)", Key, NeedsSequence());

        [Fact]
        public Task KeepsTheOtherArgumentsAsWritten() => Test.VerifyAsync(
            """
            using Rnn;
            [Input(10, 4)]
            [{|#0:SimpleRnn(64, Activation.Relu)|}, {|#1:Lstm(32)|}]
            public partial class M { }
            """,
            """
            using Rnn;
            [Input(10, 4)]
            [SimpleRnn(64, Activation.Relu, ReturnSequences = true), Lstm(32)]
            public partial class M { }
            """,
            "Set ReturnSequences = true on SimpleRnn(64, Activation.Relu)", Key, NeedsSequence());

        [Fact]
        public Task WhenTheProducerIsDenseSetsItOnTheRecurrentLayerBeforeIt() => Test.VerifyAsync(
            """
            using Rnn;
            [Input(10, 4)]
            [Lstm(16)]
            [{|#0:Dense(8)|}]
            [{|#1:Gru(4)|}]
            [Dense(2)]
            public partial class M { }
            """,
            """
            using Rnn;
            [Input(10, 4)]
            [Lstm(16, ReturnSequences = true)]
            [Dense(8)]
            [Gru(4)]
            [Dense(2)]
            public partial class M { }
            """,
            "Set ReturnSequences = true on Lstm(16)", Key, NeedsSequence());

        [Fact]
        public async Task StackedLayersAreFixedOneMismatchAtATime()
        {
            // The analyzer reports only the first mismatch; once it is fixed, the next layer pair is reported and fixed.
            const string after = """
                using Rnn;
                [Input(10, 4)]
                [Lstm(32, ReturnSequences = true)]
                [Lstm(16, ReturnSequences = true)]
                [Lstm(8)]
                public partial class M { }
                """;
            var test = new Test(
                """
                using Rnn;
                [Input(10, 4)]
                [{|#0:Lstm(32)|}]
                [{|#1:Lstm(16)|}]
                [Lstm(8)]
                public partial class M { }
                """,
                after)
            {
                CodeActionEquivalenceKey = Key,
                NumberOfIncrementalIterations = 2,
                NumberOfFixAllIterations = 2,
            };
            test.ExpectedDiagnostics.Add(NeedsSequence());
            await test.RunAsync();
            Test.AssertGenerates(after);
        }

        [Fact]
        public Task AddsReturnSequencesToTheProducerOfAConvolution() => Test.VerifyAsync(
            """
            using Rnn;
            [Input(20, 3)]
            [{|#0:Gru(8)|}]
            [{|#1:Conv1D(4, 2)|}]
            [GlobalMaxPooling1D]
            [Dense(2)]
            public partial class M { }
            """,
            """
            using Rnn;
            [Input(20, 3)]
            [Gru(8, ReturnSequences = true)]
            [Conv1D(4, 2)]
            [GlobalMaxPooling1D]
            [Dense(2)]
            public partial class M { }
            """,
            "Set ReturnSequences = true on Gru(8)", Key, LayerNeedsSequence());

        [Fact]
        public Task PoolingAfterDenseSetsItOnTheRecurrentLayerBeforeIt() => Test.VerifyAsync(
            """
            using Rnn;
            [Input(20, 3)]
            [Lstm(8)]
            [{|#0:Dense(4)|}]
            [{|#1:GlobalAveragePooling1D|}]
            [Dense(2)]
            public partial class M { }
            """,
            """
            using Rnn;
            [Input(20, 3)]
            [Lstm(8, ReturnSequences = true)]
            [Dense(4)]
            [GlobalAveragePooling1D]
            [Dense(2)]
            public partial class M { }
            """,
            "Set ReturnSequences = true on Lstm(8)", Key, LayerNeedsSequence());

        [Fact]
        public Task FixAllFixesEveryModelInTheDocument() => Test.VerifyAsync(
            """
            using Rnn;

            [Input(28, 28)]
            [{|#0:SimpleRnn(64)|}]
            [{|#1:Lstm(32)|}]
            [Dense(10)]
            public partial class First { }

            [Input(5, 3)]
            [{|#2:Rnn.Gru(8)|}]
            [{|#3:Rnn.Gru(4)|}]
            internal partial class Second { }
            """,
            """
            using Rnn;

            [Input(28, 28)]
            [SimpleRnn(64, ReturnSequences = true)]
            [Lstm(32)]
            [Dense(10)]
            public partial class First { }

            [Input(5, 3)]
            [Rnn.Gru(8, ReturnSequences = true)]
            [Rnn.Gru(4)]
            internal partial class Second { }
            """,
            new[] { "Set ReturnSequences = true on SimpleRnn(64)", "Set ReturnSequences = true on Rnn.Gru(8)" }, Key,
            NeedsSequence(0, 1), NeedsSequence(2, 3));
    }
}
