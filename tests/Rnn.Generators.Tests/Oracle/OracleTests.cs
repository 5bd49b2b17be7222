using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace Rnn.Generators.Tests.Oracle
{
    /// <summary>
    /// Property test: the generator's verdict on random layer stacks, valid and invalid, against the real runtime
    /// layer modules (Rnn.Modules, on TorchSharp) given a random batch (<see cref="TorchOracle"/>). Every stack goes through the pure
    /// <see cref="Shapes.Analyze"/> and, all in one compilation, through the whole generator as users run it.
    /// </summary>
    [Collection(OracleCollection.Name)]
    public sealed class OracleTests
    {
        private const int StackCount = 2400;
        private const int Seed = 20250611;
        private const int Shown = 5;

        private readonly ITestOutputHelper _output;

        public OracleTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void GeneratorAgreesWithTorchSharpOnRandomStacks()
        {
            var clock = Stopwatch.StartNew();
            NativeSetup.EnsureLoaded();
            torch.manual_seed(Seed);
            var random = new Random(Seed);
            var stacks = Enumerable.Range(0, StackCount).Select(i => RandomStack.Next(random, i)).ToList();

            // The whole generator, as users see it: one file per stack, one run, diagnostics and sources per file.
            var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(
                stacks.Select(s => s.ToSource()), withRuntime: true, paths: stacks.Select(s => s.TypeName + ".cs")));
            var errorsByFile = run.Diagnostics
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .ToLookup(d => d.Location.SourceTree?.FilePath ?? "");
            var emitted = run.Sources.Select(s => s.HintName).ToHashSet(StringComparer.Ordinal);
            var unplaced = run.Diagnostics.Where(d => d.Location.SourceTree is null).ToList();
            var compilerProblems = run.CompilerProblems();
            var roslynTime = clock.Elapsed;

            var tally = new Tally();
            using var generator = new torch.Generator(Seed);
            int threads = torch.get_num_threads();
            torch.set_num_threads(1); // tiny tensors: intra-op threads only add spinning, the worse the busier the machine
            try
            {
                foreach (var stack in stacks)
                {
                    var analysis = Shapes.Analyze(stack.ToSpec());
                    var oracle = TorchOracle.Run(stack, generator);
                    var generatorErrors = errorsByFile[stack.TypeName + ".cs"].ToList();
                    bool generatorEmitted = emitted.Contains("Oracle." + stack.TypeName + ".g.cs");
                    tally.Add(stack, analysis, oracle, generatorErrors, generatorEmitted);
                }
            }
            finally
            {
                torch.set_num_threads(threads);
            }
            clock.Stop();

            var lines = new List<string>
            {
                string.Format(CultureInfo.InvariantCulture,
                    "Oracle: {0} stacks tried, {1} valid, {2} invalid; " +
                    "{3} false positives, {4} false negatives, {5} shape mismatches, {6} count mismatches; " +
                    "full generator: {7} verdict mismatches, {8} emission mismatches; {9:0.0} s ({10:0.0} s generator and compilation)",
                    stacks.Count, tally.Valid, tally.Invalid,
                    tally.FalsePositives.Count, tally.FalseNegatives.Count, tally.ShapeMismatches.Count, tally.CountMismatches.Count,
                    tally.DriverMismatches.Count, tally.EmissionMismatches.Count, clock.Elapsed.TotalSeconds, roslynTime.TotalSeconds),
            };
            lines.Add("Invalid stacks by the oracle's cause: " + string.Join(", ",
                tally.Causes.OrderByDescending(c => c.Value).Select(c => c.Key + " " + c.Value.ToString(CultureInfo.InvariantCulture))));
            lines.AddRange(Examples("False positives (generator error, TorchSharp ran)", tally.FalsePositives));
            lines.AddRange(Examples("False negatives (no generator error, TorchSharp could not run)", tally.FalseNegatives));
            lines.AddRange(Examples("Shape mismatches", tally.ShapeMismatches));
            lines.AddRange(Examples("Parameter count mismatches", tally.CountMismatches));
            lines.AddRange(Examples("Full generator disagrees with Shapes.Analyze", tally.DriverMismatches));
            lines.AddRange(Examples("Source emitted although invalid, or not emitted although valid", tally.EmissionMismatches));
            lines.AddRange(Examples("Diagnostics without a source location", unplaced.Select(d => d.ToString()).ToList()));
            lines.AddRange(Examples("Compiler problems in the generated code", compilerProblems.Select(d => d.ToString()).ToList()));
            foreach (var line in lines)
            {
                _output.WriteLine(line);
                Console.WriteLine(line);
            }

            string report = string.Join(Environment.NewLine, lines);
            Assert.True(stacks.Count >= 2000, report);
            Assert.True(tally.Valid >= stacks.Count / 4 && tally.Invalid >= stacks.Count / 4, "The mix is lopsided. " + report);
            Assert.True(tally.FalsePositives.Count == 0, report);
            Assert.True(tally.FalseNegatives.Count == 0, report);
            Assert.True(tally.ShapeMismatches.Count == 0, report);
            Assert.True(tally.CountMismatches.Count == 0, report);
            Assert.True(tally.DriverMismatches.Count == 0, report);
            Assert.True(tally.EmissionMismatches.Count == 0, report);
            Assert.True(unplaced.Count == 0, report);
            Assert.True(compilerProblems.Count == 0, report);
        }

        private static IEnumerable<string> Examples(string title, IReadOnlyList<string> items) =>
            items.Count == 0
                ? Array.Empty<string>()
                : new[] { $"{title}: {items.Count}, first {Math.Min(Shown, items.Count)}:" }.Concat(items.Take(Shown).Select(i => "  " + i));

        private sealed class Tally
        {
            public int Valid { get; private set; }
            public int Invalid { get; private set; }
            public Dictionary<string, int> Causes { get; } = new();
            public List<string> FalsePositives { get; } = new();
            public List<string> FalseNegatives { get; } = new();
            public List<string> ShapeMismatches { get; } = new();
            public List<string> CountMismatches { get; } = new();
            public List<string> DriverMismatches { get; } = new();
            public List<string> EmissionMismatches { get; } = new();

            public void Add(RandomStack stack, ShapeAnalysis analysis, OracleVerdict oracle, IReadOnlyList<Diagnostic> generatorErrors, bool generatorEmitted)
            {
                var errors = analysis.Problems.Where(p => p.IsError).ToList();
                string verdict = errors.Count == 0
                    ? "no error"
                    : string.Join("; ", errors.Select(p => p.Id + (p.Layer >= 0 ? " at layer " + p.Layer.ToString(CultureInfo.InvariantCulture) : " at input")));
                string torch = oracle.IsValid
                    ? "ran: " + string.Join(" → ", oracle.Layers.Select(l => l.Shape))
                    : oracle.Reason!;

                if (oracle.IsValid) Valid++;
                else Invalid++;
                if (!oracle.IsValid) Causes[oracle.Cause!] = Causes.TryGetValue(oracle.Cause!, out int n) ? n + 1 : 1;

                if (errors.Count > 0 && oracle.IsValid) FalsePositives.Add($"{stack} | generator: {verdict} | TorchSharp {torch}");
                if (errors.Count == 0 && !oracle.IsValid) FalseNegatives.Add($"{stack} | generator: {verdict} | TorchSharp: {torch}");

                if ((generatorErrors.Count > 0) != (errors.Count > 0))
                    DriverMismatches.Add($"{stack} | Shapes.Analyze: {verdict} | generator run: {Ids(generatorErrors)}");
                if (generatorEmitted != oracle.IsValid)
                    EmissionMismatches.Add($"{stack} | emitted: {generatorEmitted} | TorchSharp {torch}");

                if (!oracle.IsValid || errors.Count > 0) return;
                if (analysis.Layers.Count != oracle.Layers.Count)
                {
                    ShapeMismatches.Add($"{stack} | generator has {analysis.Layers.Count} layers, TorchSharp {oracle.Layers.Count}");
                    return;
                }
                for (int i = 0; i < oracle.Layers.Count; i++)
                {
                    var predicted = analysis.Layers[i];
                    var actual = oracle.Layers[i];
                    // An unknown dimension (a variable time length) matches whatever length the oracle ran with.
                    if (predicted.Output.Rank != actual.Output.Length
                        || predicted.Output.Dimensions.Zip(actual.Output).Any(p => p.First.Size is int size && size != p.Second))
                        ShapeMismatches.Add($"{stack} | layer {i} ({predicted.Name}): generator {predicted.Output.ToBrackets()}, TorchSharp {actual.Shape}");
                    if (predicted.ParameterCount != actual.ParameterCount)
                        CountMismatches.Add($"{stack} | layer {i} ({predicted.Name}): generator {predicted.ParameterCount}, TorchSharp {actual.ParameterCount}");
                }
            }

            private static string Ids(IReadOnlyList<Diagnostic> errors) =>
                errors.Count == 0 ? "no error" : string.Join(", ", errors.Select(d => d.Id));
        }
    }
}
