using System.Linq;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>Roslyn compares hint names without case: models whose names differ only in case must still both generate.</summary>
    public class HintNameTests
    {
        [Fact]
        public void Models_whose_names_differ_only_in_case_each_get_their_own_source()
        {
            const string Source = @"
using Rnn;
namespace N
{
    /// <summary>Upper case.</summary>
    [Input(28, 28)] [SimpleRnn(8)] [Dense(10)] public partial class M { }
    /// <summary>Lower case.</summary>
    [Input(28, 28)] [SimpleRnn(8)] [Dense(3)] public partial class m { }
    /// <summary>No clash.</summary>
    [Input(4, 2)] [Lstm(5)] [Dense(1)] public partial class Other { }
}";
            var run = GeneratorHarness.Run(Source, withRuntime: true); // throws if the generator threw (CS8785 before)
            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.CompilerProblems());
            var names = run.Sources.Select(s => s.HintName).OrderBy(h => h, System.StringComparer.Ordinal).ToArray();
            Assert.Equal(3, names.Length);
            Assert.Equal(3, names.Distinct(System.StringComparer.OrdinalIgnoreCase).Count());
            Assert.Contains("N.Other.g.cs", names); // a model without a clash keeps its plain name
            Assert.Contains(run.Sources, s => s.HintName.StartsWith("N.M.", System.StringComparison.Ordinal) && s.SourceText.ToString().Contains("partial class M"));
            Assert.Contains(run.Sources, s => s.HintName.StartsWith("N.m.", System.StringComparison.Ordinal) && s.SourceText.ToString().Contains("partial class m"));
        }

        [Fact]
        public void The_suffix_depends_only_on_the_name()
        {
            var clashes = HintNames.CaseClashes(System.Collections.Immutable.ImmutableArray.Create("N.M.g.cs", "N.m.g.cs", "N.Other.g.cs"));
            Assert.Equal(new[] { "N.M.g.cs", "N.m.g.cs" }, clashes);
            Assert.Equal(HintNames.For("N.M.g.cs", clashes), HintNames.For("N.M.g.cs", clashes));
            Assert.NotEqual(HintNames.For("N.M.g.cs", clashes).ToUpperInvariant(), HintNames.For("N.m.g.cs", clashes).ToUpperInvariant());
            Assert.Equal("N.Other.g.cs", HintNames.For("N.Other.g.cs", clashes));
        }
    }
}
