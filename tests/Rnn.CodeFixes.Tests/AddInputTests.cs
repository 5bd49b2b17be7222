using System.Threading.Tasks;
using Xunit;
using Test = Rnn.CodeFixes.Tests.CodeFixTest<Rnn.CodeFixes.AddInputCodeFixProvider>;

namespace Rnn.CodeFixes.Tests
{
    public class AddInputTests
    {
        private const string Key = AddInputCodeFixProvider.EquivalenceKey;
        private const string Title = "Add [Input(timesteps, features)]";

        [Fact]
        public Task InsertsInputBeforeTheFirstLayer() => Test.VerifyAsync(
            """
            using Rnn;
            [{|RNN0003:Lstm(4)|}]
            [Dense(2)]
            public partial class M { }
            """,
            """
            using Rnn;
            [Input(timesteps: 1, features: 1)]
            [Lstm(4)]
            [Dense(2)]
            public partial class M { }
            """,
            Title, Key);

        [Fact]
        public Task KeepsDocCommentsAboveAndTheIndentation() => Test.VerifyAsync(
            """
            using System;
            using Rnn;

            namespace Models
            {
                /// <summary>A model.</summary>
                [Serializable]
                [{|RNN0003:Gru(8)|}, Dense(2)]
                public partial class M { }
            }
            """,
            """
            using System;
            using Rnn;

            namespace Models
            {
                /// <summary>A model.</summary>
                [Serializable]
                [Input(timesteps: 1, features: 1)]
                [Gru(8), Dense(2)]
                public partial class M { }
            }
            """,
            Title, Key);

        [Fact]
        public Task DocCommentBeforeTheFirstLayerStaysFirst() => Test.VerifyAsync(
            """
            using Rnn;

            /// <summary>A model.</summary>
            [{|RNN0003:SimpleRnn(8)|}]
            public partial class M { }
            """,
            """
            using Rnn;

            /// <summary>A model.</summary>
            [Input(timesteps: 1, features: 1)]
            [SimpleRnn(8)]
            public partial class M { }
            """,
            Title, Key);

        [Fact]
        public Task QualifiesInputAsTheLayerIs() => Test.VerifyAsync(
            """
            [{|RNN0003:Rnn.Lstm(4)|}]
            public partial class M { }
            """,
            """
            [Rnn.Input(timesteps: 1, features: 1)]
            [Rnn.Lstm(4)]
            public partial class M { }
            """,
            Title, Key);

        [Fact]
        public Task FixAllFixesEveryModelInTheDocument() => Test.VerifyAsync(
            """
            using Rnn;

            [{|RNN0003:Lstm(4)|}]
            public partial class First { }

            [{|RNN0003:Gru(4)|}]
            [Dense(1)]
            public partial class Second { }
            """,
            """
            using Rnn;

            [Input(timesteps: 1, features: 1)]
            [Lstm(4)]
            public partial class First { }

            [Input(timesteps: 1, features: 1)]
            [Gru(4)]
            [Dense(1)]
            public partial class Second { }
            """,
            Title, Key);
    }
}
