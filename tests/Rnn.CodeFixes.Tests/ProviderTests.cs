using System;
using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Rnn.Generators;
using Xunit;

namespace Rnn.CodeFixes.Tests
{
    /// <summary>Every provider in Rnn.CodeFixes fixes diagnostics the analyzer really reports, and is exported for C#.</summary>
    public class ProviderTests
    {
        /// <summary>Which analyzer descriptor (by title) each fix is for, so a renumbering on either side is caught.</summary>
        private static readonly Dictionary<string, string> ExpectedTitles = new()
        {
            ["RNN0001"] = "Recurrent layer needs a sequence input",
            ["RNN0003"] = "Model has layers but no [Input]",
            ["RNN0005"] = "Model class must be partial",
            ["RNN0019"] = "Layer needs a sequence input",
        };

        private static readonly Type[] ProviderTypes = typeof(SetReturnSequencesCodeFixProvider).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();

        public static TheoryData<Type> Providers() => new(ProviderTypes);

        [Fact]
        public void EveryFixHasItsOwnProvider()
        {
            var ids = ProviderTypes
                .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
                .OrderBy(id => id, StringComparer.Ordinal);
            Assert.Equal(new[] { "RNN0001", "RNN0003", "RNN0005", "RNN0019" }, ids);
        }

        [Theory]
        [MemberData(nameof(Providers))]
        public void FixableIdsAreAnalyzerDescriptors(Type type)
        {
            var provider = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.NotEmpty(provider.FixableDiagnosticIds);
            foreach (var id in provider.FixableDiagnosticIds)
            {
                var descriptor = Assert.Single(new RnnModelAnalyzer().SupportedDiagnostics, d => d.Id == id);
                Assert.Equal(ExpectedTitles[id], descriptor.Title.ToString());
            }
        }

        [Theory]
        [MemberData(nameof(Providers))]
        public void IsExportedForCSharpWithBatchFixAll(Type type)
        {
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.NotNull(export);
            Assert.Equal(new[] { LanguageNames.CSharp }, export!.Languages);
            Assert.NotNull(type.GetCustomAttribute<SharedAttribute>());
            var provider = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.Same(WellKnownFixAllProviders.BatchFixer, provider.GetFixAllProvider());
        }
    }
}
