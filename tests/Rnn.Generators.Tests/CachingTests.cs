using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Rnn.Generators;
using Rnn.Generators.Model;
using Xunit;

namespace Rnn.Generators.Tests
{
    public partial class CachingTests
    {
        private const string Unrelated = "public class Unrelated { public int Value; }";

        [Fact]
        public void IdenticalRerunIsCached()
        {
            var compilation = GeneratorHarness.CreateCompilation(new[] { Models.Seed, Models.Stacked, Models.Tagger, Unrelated });
            var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
            var first = driver.GetRunResult().Results.Single();
            Assert.All(Reasons(first, TrackingNames.Analyzed), r => Assert.Equal(IncrementalStepRunReason.New, r));
            Assert.Equal(3, first.GeneratedSources.Length);

            var second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();
            AssertAllCached(second);
            Assert.Equal(first.GeneratedSources.Select(s => s.SourceText.ToString()), second.GeneratedSources.Select(s => s.SourceText.ToString()));
        }

        [Fact]
        public void EditingAnUnrelatedFileIsCached()
        {
            var compilation = GeneratorHarness.CreateCompilation(new[] { Models.Seed, Models.Lstm, Unrelated });
            var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

            var oldTree = compilation.SyntaxTrees.Last();
            var newTree = CSharpSyntaxTree.ParseText("public class Unrelated { public int Value; public string Name = \"x\"; }", GeneratorHarness.ParseOptions, oldTree.FilePath);
            var edited = compilation.ReplaceSyntaxTree(oldTree, newTree);
            AssertAllCached(driver.RunGenerators(edited).GetRunResult().Results.Single());
        }

        /// <summary>The seed model and one with a shape error (RNN0001, located by the markup), in one file.</summary>
        private const string ValidAndBroken = Models.Seed + "\n\n" + """
            [Input(28, 28)]
            [{|RNN0001:SimpleRnn(64)|}]
            [{|+RNN0001:Lstm(32)|}]
            public partial class Broken { }
            """;

        [Fact]
        public void EditingAboveAModelLeavesItsAnalysisCachedAndMovesItsDiagnostics()
        {
            var (source, spans) = Markup.Parse(ValidAndBroken);
            var compilation = GeneratorHarness.CreateCompilation(new[] { source, Models.Lstm });
            var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

            // A comment and a blank line above both models: every location in the file moves, the models do not.
            const string Above = "// a comment that shifts every span below\n\n";
            var oldTree = compilation.SyntaxTrees.First();
            var newTree = CSharpSyntaxTree.ParseText(Above + source, GeneratorHarness.ParseOptions, oldTree.FilePath);
            var edited = compilation.ReplaceSyntaxTree(oldTree, newTree);
            var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

            // The parser's results hold the locations, so the two models of the edited file are new values...
            var models = Reasons(result, TrackingNames.Models);
            Assert.Equal(3, models.Count);
            Assert.Equal(2, models.Count(r => r == IncrementalStepRunReason.Modified));
            // ...but no step after it runs again: the shape analysis sees no location.
            foreach (string name in TrackingNames.All.Where(n => n != TrackingNames.Models))
            {
                var reasons = Reasons(result, name);
                Assert.Equal(3, reasons.Count);
                Assert.All(reasons, r => Assert.True(IsReused(r), name + ": " + r));
            }
            var outputs = OutputReasons(result);
            Assert.Equal(3, outputs.Count);
            Assert.All(outputs, r => Assert.True(IsReused(r), r.ToString()));
            Assert.Equal(2, result.GeneratedSources.Length);

            // Locations join where diagnostics are reported: the analyzer puts RNN0001 on the shifted spans.
            var diagnostic = Assert.Single(GeneratorHarness.Analyze(edited));
            Assert.Equal("RNN0001", diagnostic.Id);
            var at = spans.Single(s => !s.Additional).TextSpan;
            var related = spans.Single(s => s.Additional).TextSpan;
            Assert.Same(newTree, diagnostic.Location.SourceTree);
            Assert.Equal(new TextSpan(at.Start + Above.Length, at.Length), diagnostic.Location.SourceSpan);
            Assert.Equal(new TextSpan(related.Start + Above.Length, related.Length), Assert.Single(diagnostic.AdditionalLocations).SourceSpan);
            Assert.Equal("SimpleRnn(64)", newTree.GetText().ToString(diagnostic.Location.SourceSpan));
            // The span the code fix edits (ReturnSequences = true on SimpleRnn(64)) moved too.
            Assert.Equal((at.Start + Above.Length).ToString(CultureInfo.InvariantCulture) + ":" + at.Length.ToString(CultureInfo.InvariantCulture),
                diagnostic.Properties[DiagnosticIds.ReturnSequencesTarget]);
        }

        [Fact]
        public void EditingAboveAMemberClashLeavesTheAnalysisCachedAndMovesItsDiagnostic()
        {
            const string Clashing = "using Rnn;\n[Input(28, 28)]\n[Lstm(8)]\n[Dense(10)]\npublic partial class M { public int Summary; }";
            var compilation = GeneratorHarness.CreateCompilation(new[] { Clashing, Models.Lstm });
            var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

            const string Above = "// a comment that shifts every span below\n\n";
            var oldTree = compilation.SyntaxTrees.First();
            var newTree = CSharpSyntaxTree.ParseText(Above + Clashing, GeneratorHarness.ParseOptions, oldTree.FilePath);
            var edited = compilation.ReplaceSyntaxTree(oldTree, newTree);
            var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

            // The clash is found after the parser, from the user's members without their locations: nothing after the
            // parser runs again, and the model still generates nothing.
            Assert.Single(Reasons(result, TrackingNames.Models), r => r == IncrementalStepRunReason.Modified);
            foreach (string name in TrackingNames.All.Where(n => n != TrackingNames.Models))
                Assert.All(Reasons(result, name), r => Assert.True(IsReused(r), name + ": " + r));
            Assert.Single(result.GeneratedSources);

            var diagnostic = Assert.Single(GeneratorHarness.Analyze(edited));
            Assert.Equal(DiagnosticIds.MemberClash, diagnostic.Id);
            Assert.Same(newTree, diagnostic.Location.SourceTree);
            int at = Clashing.IndexOf("Summary", System.StringComparison.Ordinal);
            Assert.Equal(new TextSpan(at + Above.Length, "Summary".Length), diagnostic.Location.SourceSpan);
        }

        [Fact]
        public void EditingAModelRegeneratesIt()
        {
            var compilation = GeneratorHarness.CreateCompilation(new[] { Models.Seed, Models.Lstm });
            var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

            var oldTree = compilation.SyntaxTrees.First();
            var newTree = CSharpSyntaxTree.ParseText(Models.Seed.Replace("[Dense(10)]", "[Dense(12)]"), GeneratorHarness.ParseOptions, oldTree.FilePath);
            var result = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult().Results.Single();
            var reasons = Reasons(result, TrackingNames.Analyzed);
            // Exactly the edited model is analysed again; the other one is served from the cache.
            Assert.Equal(2, reasons.Count);
            Assert.Single(reasons, r => r == IncrementalStepRunReason.Modified);
            Assert.Single(reasons, IsReused);
            var outputs = OutputReasons(result);
            Assert.Single(outputs, r => r == IncrementalStepRunReason.Modified);
            Assert.All(outputs.Where(r => r != IncrementalStepRunReason.Modified), r => Assert.True(IsReused(r), r.ToString()));
            Assert.Contains("new global::Rnn.Shape(null, 12)", result.GeneratedSources.Single(s => s.HintName == "Samples.MnistRnn.g.cs").SourceText.ToString());
        }

        /// <summary>Ten models in their own files, and one unrelated file.</summary>
        private static CSharpCompilation TenModels() => GeneratorHarness.CreateCompilation(
            Enumerable.Range(0, 10)
                .Select(i => $"using Rnn;\nnamespace N {{ [Input(28, 28)] [Lstm({8 + i})] [Dense(10)] public partial class M{i} {{ }} }}")
                .Append(Unrelated));

        [Fact]
        public void AnUnrelatedEditAnalysesAndEmitsNothingAgain()
        {
            var compilation = TenModels();
            var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
            var first = driver.GetRunResult().Results.Single();

            var oldTree = compilation.SyntaxTrees.Last();
            var newTree = CSharpSyntaxTree.ParseText("public class Unrelated { public int Value = 2; }", GeneratorHarness.ParseOptions, oldTree.FilePath);
            var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult().Results.Single();

            // ForAttributeWithMetadataName runs the parser again for every model (its transform depends on the compilation),
            // but the models it gives are equal, so every step after it is served from the cache: Cached, not even Unchanged.
            foreach (string name in TrackingNames.All)
            {
                var reasons = Reasons(second, name);
                Assert.Equal(10, reasons.Count);
                Assert.All(reasons, r => Assert.Equal(IncrementalStepRunReason.Cached, r));
            }
            var outputs = OutputReasons(second);
            Assert.Equal(10, outputs.Count);
            Assert.All(outputs, r => Assert.Equal(IncrementalStepRunReason.Cached, r));
            // The very same source texts: nothing was emitted again.
            Assert.All(first.GeneratedSources.Zip(second.GeneratedSources), p => Assert.Same(p.First.SourceText, p.Second.SourceText));
        }

        [Fact]
        public void EditingOneModelOfTenAnalysesAndEmitsOnlyIt()
        {
            var compilation = TenModels();
            var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
            var first = driver.GetRunResult().Results.Single();

            var oldTree = compilation.SyntaxTrees.ElementAt(3);
            var newTree = CSharpSyntaxTree.ParseText(oldTree.ToString().Replace("[Dense(10)]", "[Dense(12)]"), GeneratorHarness.ParseOptions, oldTree.FilePath);
            var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult().Results.Single();

            foreach (string name in TrackingNames.All)
            {
                var reasons = Reasons(second, name);
                Assert.Equal(10, reasons.Count);
                Assert.Single(reasons, r => r == IncrementalStepRunReason.Modified);
                Assert.Equal(9, reasons.Count(r => r == IncrementalStepRunReason.Cached));
            }
            var outputs = OutputReasons(second);
            Assert.Single(outputs, r => r == IncrementalStepRunReason.Modified);
            Assert.Equal(9, outputs.Count(r => r == IncrementalStepRunReason.Cached));
            var changed = first.GeneratedSources.Zip(second.GeneratedSources).Where(p => !ReferenceEquals(p.First.SourceText, p.Second.SourceText)).ToList();
            Assert.Equal("N.M3.g.cs", Assert.Single(changed).Second.HintName);
        }

        [Fact]
        public void TheRnnSymbolsAreResolvedOncePerCompilation()
        {
            // The parser runs for every model on every compilation change; it shares one RnnSymbols per compilation.
            var compilation = TenModels();
            Assert.Same(RnnSymbols.For(compilation), RnnSymbols.For(compilation));
            Assert.NotSame(RnnSymbols.For(compilation), RnnSymbols.For(compilation.Clone()));
            Assert.NotNull(RnnSymbols.For(compilation).InputAttribute);
        }

        [Fact]
        public void PipelineModelsHoldNoSymbolsSyntaxOrCompilations()
        {
            var compilation = GeneratorHarness.CreateCompilation(new[]
            {
                Models.Seed, Models.Stacked, Models.Nested,
                "using Rnn; [Input(1, 2)] [Lstm(3)] [Gru(1)] public class Broken { }",
                "using Rnn; [Input(1, 2)] [Lstm(3)] public partial class Clashing { public int Forward; }",
            });
            var result = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();
            // Emittable is null for models that generate nothing (here Broken).
            var values = TrackingNames.All.SelectMany(name => result.TrackedSteps[name]).SelectMany(s => s.Outputs).Select(o => o.Value).OfType<object>().ToList();
            Assert.Contains(values, v => v is ModelAnalysis { Shapes.HasErrors: true });
            Assert.Contains(values, v => v is ModelAnalysis { Clashes.IsEmpty: false });
            Assert.Contains(values, v => v is ModelToEmit);
            Assert.Contains(values, v => v is ModelResult r && r.Diagnostics.Count > 0);
            foreach (var value in values) Walk(value, new HashSet<object>(ReferenceEqualityComparer.Instance), value.GetType().Name, roslynAllowed: true);

            // Every step after the parser holds no Roslyn type at all: no location, no tree, no diagnostic.
            foreach (var value in values.Where(v => v is not ModelResult))
                Walk(value, new HashSet<object>(ReferenceEqualityComparer.Instance), value.GetType().Name, roslynAllowed: false);
            Assert.Contains(values, v => v is ModelDeclaration);
        }

        [Fact]
        public void TheWalkCatchesASymbol()
        {
            var compilation = GeneratorHarness.CreateCompilation("class C { }");
            var holder = new Tuple<object>(compilation.GetTypeByMetadataName("C")!);
            Assert.ThrowsAny<Exception>(() => Walk(holder, new HashSet<object>(ReferenceEqualityComparer.Instance), "holder", roslynAllowed: true));
        }

        private static void AssertAllCached(GeneratorRunResult result)
        {
            Assert.Contains(TrackingNames.Models, result.TrackedSteps.Keys);
            Assert.Contains(TrackingNames.Analyzed, result.TrackedSteps.Keys);
            foreach (var name in TrackingNames.All.Where(result.TrackedSteps.ContainsKey))
                Assert.All(Reasons(result, name), r => Assert.True(IsReused(r), $"{name}: {r}"));
            Assert.NotEmpty(Reasons(result, TrackingNames.Analyzed));
            Assert.All(OutputReasons(result), r => Assert.True(IsReused(r), $"output: {r}"));
        }

        /// <summary>Why each output of the tracked step <paramref name="step"/> was produced, in order.</summary>
        private static List<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
            result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();

        /// <summary>Why each output of the source outputs (RegisterSourceOutput) was produced.</summary>
        private static List<IncrementalStepRunReason> OutputReasons(GeneratorRunResult result) =>
            result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();

        /// <summary>True when an output was served from the cache, or recomputed equal to the cached value.</summary>
        private static bool IsReused(IncrementalStepRunReason reason) =>
            reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged;

        /// <summary>
        /// Fails on any ISymbol, SyntaxNode, Location, Compilation or SemanticModel reachable from <paramref name="value"/>.
        /// A SyntaxTree is a leaf: LocationInfo keeps one, compared by reference, to rebuild in-source locations.
        /// With <paramref name="roslynAllowed"/> false any Microsoft.CodeAnalysis type fails.
        /// </summary>
        private static void Walk(object? value, HashSet<object> seen, string path, bool roslynAllowed)
        {
            if (value is null) return;
            var type = value.GetType();
            if (type.IsPrimitive || type.IsEnum || value is string || value is decimal) return;
            Assert.False(value is ISymbol or SyntaxNode or Location or Compilation or SemanticModel, $"{path} holds a {type}.");
            if (!roslynAllowed) Assert.False(type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true, $"{path} holds a {type}.");
            if (value is SyntaxTree or DiagnosticDescriptor) return;
            if (!type.IsValueType && !seen.Add(value)) return;
            if (value is IEnumerable items)
            {
                int i = 0;
                foreach (var item in items) Walk(item, seen, $"{path}[{i++}]", roslynAllowed);
            }
            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    Walk(field.GetValue(value), seen, path + "." + field.Name, roslynAllowed);
            }
        }
    }
}
