using System.Threading.Tasks;
using Xunit;
using Test = Rnn.CodeFixes.Tests.CodeFixTest<Rnn.CodeFixes.MakePartialCodeFixProvider>;

namespace Rnn.CodeFixes.Tests
{
    public class MakePartialTests
    {
        private const string Key = MakePartialCodeFixProvider.EquivalenceKey;

        [Fact]
        public Task AddsPartialAfterTheAccessibility() => Test.VerifyAsync(
            """
            using Rnn;
            [Input(28, 28)]
            [Lstm(32)]
            [Dense(10)]
            public class {|RNN0005:MnistRnn|} { }
            """,
            """
            using Rnn;
            [Input(28, 28)]
            [Lstm(32)]
            [Dense(10)]
            public partial class MnistRnn { }
            """,
            "Make MnistRnn partial", Key);

        [Fact]
        public Task AddsPartialAfterEveryOtherModifierKeepingComments() => Test.VerifyAsync(
            """
            using Rnn;
            [Input(1, 2)]
            [Gru(2)]
            internal /* final */ sealed class {|RNN0005:M|} { }
            """,
            """
            using Rnn;
            [Input(1, 2)]
            [Gru(2)]
            internal /* final */ sealed partial class M { }
            """,
            "Make M partial", Key);

        [Fact]
        public Task WithoutModifiersPartialTakesTheIndentation() => Test.VerifyAsync(
            """
            using Rnn;

            namespace Models
            {
                [Input(1, 2)]
                [Gru(2)]
                class {|RNN0005:M|}
                {
                }
            }
            """,
            """
            using Rnn;

            namespace Models
            {
                [Input(1, 2)]
                [Gru(2)]
                partial class M
                {
                }
            }
            """,
            "Make M partial", Key);

        [Fact]
        public Task FixAllFixesEveryModelInTheDocument() => Test.VerifyAsync(
            """
            using Rnn;

            [Input(1, 2)]
            [Gru(2)]
            public class {|RNN0005:First|} { }

            [Input(3, 4)]
            [Lstm(5)]
            [Dense(1)]
            class {|RNN0005:Second|} { }
            """,
            """
            using Rnn;

            [Input(1, 2)]
            [Gru(2)]
            public partial class First { }

            [Input(3, 4)]
            [Lstm(5)]
            [Dense(1)]
            partial class Second { }
            """,
            new[] { "Make First partial", "Make Second partial" }, Key);
    }
}
