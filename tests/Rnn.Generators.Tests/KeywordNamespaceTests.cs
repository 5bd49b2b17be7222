using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// A model in a namespace spelled with a keyword (<c>MyCompany.@internal</c>) generates, and so do the project's other
    /// models. A hint name with '@' made AddSource throw, which stopped generation for every model (CS8785).
    /// </summary>
    public class KeywordNamespaceTests
    {
        private const string Source = """
            using Rnn;

            namespace MyCompany.@internal
            {
                [Input(28, 28)]
                [SimpleRnn(16)]
                [Dense(10)]
                public partial class @class { }
            }

            namespace MyCompany
            {
                [Input(28, 28)]
                [Lstm(8)]
                [Dense(2)]
                public partial class Other { }
            }
            """;

        [Fact]
        public void ModelsInAKeywordNamespaceGenerateAndCompile()
        {
            var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source, withRuntime: true));
            Assert.Null(run.Result.Exception);
            Assert.Equal(2, run.Result.GeneratedSources.Length);
            Assert.All(run.Result.GeneratedSources, s => Assert.DoesNotContain("@", s.HintName));
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.NotNull(run.Output.GetTypeByMetadataName("MyCompany.internal.class")?.GetMembers("Forward").FirstOrDefault());
        }
    }
}
