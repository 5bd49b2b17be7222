extern alias generators;

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RnnGenerator = generators::Rnn.Generators.RnnGenerator;

namespace Rnn.Benchmarks
{
    /// <summary>One generator scenario: the median time of a run and its ratio to the cold run.</summary>
    internal sealed record GeneratorResult(string Scenario, double MedianMilliseconds, double RatioToCold, int Runs);

    /// <summary>
    /// The incremental generator on a project of 100 models and one unrelated file: a cold run, a run after one model
    /// was edited, and a run after the unrelated file was edited (what an IDE does on each keystroke); and the same three
    /// runs of two baselines (<see cref="NoOpGenerator"/>) that set the floor of Roslyn's own work: one that finds the
    /// models and writes nothing, and one that writes the Rnn generator's files without computing anything (Roslyn's
    /// driver parses every generated file again on every run, cached or not).
    /// </summary>
    internal sealed class GeneratorBenchmarks
    {
        private const int Models = 100;
        private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);
        private readonly int _runs;

        public GeneratorBenchmarks(bool quick) => _runs = quick ? 7 : 21;

        public IReadOnlyList<GeneratorResult> Run()
        {
            var compilation = CreateCompilation();
            var modelTree = compilation.SyntaxTrees.First();
            var unrelatedTree = compilation.SyntaxTrees.Last();
            var editedModelTree = CSharpSyntaxTree.ParseText(ModelSource(0, units: 33), ParseOptions, path: modelTree.FilePath);
            var editedUnrelatedTree = CSharpSyntaxTree.ParseText(UnrelatedSource(2), ParseOptions, path: unrelatedTree.FilePath);

            // What the Rnn generator writes for each model, for the echo baseline to write without any work of its own.
            var generated = CSharpGeneratorDriver.Create(new[] { new RnnGenerator().AsSourceGenerator() }, parseOptions: ParseOptions)
                .RunGenerators(compilation).GetRunResult().Results.Single().GeneratedSources
                .ToDictionary(s => s.HintName.Replace("Bench.", string.Empty).Replace(".g.cs", string.Empty), s => s.SourceText.ToString());

            var rnn = new Samples();
            var noOp = new Samples();
            var echo = new Samples();
            for (int i = 0; i < _runs + 1; i++)
            {
                // Fresh compilations every round, as an IDE makes one per keystroke: nothing Roslyn bound in an earlier
                // round (symbols, attributes) is reused, only the driver's own state. The generators interleaved.
                var rnnRound = Round(() => new RnnGenerator(), compilation, modelTree, editedModelTree, unrelatedTree, editedUnrelatedTree, Models);
                var noOpRound = Round(() => new NoOpGenerator(), compilation, modelTree, editedModelTree, unrelatedTree, editedUnrelatedTree, 0);
                var echoRound = Round(() => new NoOpGenerator(generated), compilation, modelTree, editedModelTree, unrelatedTree, editedUnrelatedTree, Models);
                if (i == 0) continue; // the first round loads and JITs the generators
                rnn.Add(rnnRound);
                noOp.Add(noOpRound);
                echo.Add(echoRound);
            }
            double cold = Paired.Median(rnn.Cold);
            var results = new List<GeneratorResult>();
            void Add(string name, Samples samples)
            {
                results.Add(new GeneratorResult(name + "cold run, " + Models + " models", Paired.Median(samples.Cold), Paired.Median(samples.Cold) / cold, _runs));
                results.Add(new GeneratorResult(name + "one model edited", Paired.Median(samples.Model), Paired.Median(samples.Model) / cold, _runs));
                results.Add(new GeneratorResult(name + "an unrelated file edited", Paired.Median(samples.Unrelated), Paired.Median(samples.Unrelated) / cold, _runs));
            }
            Add(string.Empty, rnn);
            Add("baseline, no-op generator: ", noOp);
            Add("baseline, echo generator: ", echo);
            return results;
        }

        /// <summary>A cold run, then from the same warm driver one run after a model was edited and one after the unrelated file was.</summary>
        private static (double Cold, double Model, double Unrelated) Round(Func<IIncrementalGenerator> create, CSharpCompilation compilation,
            SyntaxTree modelTree, SyntaxTree editedModelTree, SyntaxTree unrelatedTree, SyntaxTree editedUnrelatedTree, int sources)
        {
            var fresh = compilation.Clone();
            var editedModel = fresh.ReplaceSyntaxTree(modelTree, editedModelTree);
            var editedUnrelated = fresh.ReplaceSyntaxTree(unrelatedTree, editedUnrelatedTree);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { create().AsSourceGenerator() }, parseOptions: ParseOptions);
            double cold = Paired.Time(() => driver = driver.RunGenerators(fresh));
            Check(driver, sources);
            var warm = driver;
            double model = Paired.Time(() => driver = warm.RunGenerators(editedModel));
            Check(driver, sources);
            double unrelated = Paired.Time(() => driver = warm.RunGenerators(editedUnrelated));
            Check(driver, sources);
            return (cold, model, unrelated);
        }

        private static void Check(GeneratorDriver driver, int sources)
        {
            var result = driver.GetRunResult().Results.Single();
            if (result.Exception is not null) throw new InvalidOperationException("The generator threw.", result.Exception);
            if (result.GeneratedSources.Length != sources)
                throw new InvalidOperationException($"The generator produced {result.GeneratedSources.Length} files, not {sources}.");
        }

        /// <summary>The run times of one generator's scenarios.</summary>
        private sealed class Samples
        {
            public List<double> Cold { get; } = new();
            public List<double> Model { get; } = new();
            public List<double> Unrelated { get; } = new();

            public void Add((double Cold, double Model, double Unrelated) round)
            {
                Cold.Add(round.Cold);
                Model.Add(round.Model);
                Unrelated.Add(round.Unrelated);
            }
        }

        private static CSharpCompilation CreateCompilation()
        {
            var trees = Enumerable.Range(0, Models)
                .Select(i => CSharpSyntaxTree.ParseText(ModelSource(i, units: 16 + i), ParseOptions, path: $"Model{i}.cs"))
                .Append(CSharpSyntaxTree.ParseText(UnrelatedSource(1), ParseOptions, path: "Unrelated.cs"));
            var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
                .Select(p => MetadataReference.CreateFromFile(p))
                .Append(MetadataReference.CreateFromFile(typeof(InputAttribute).Assembly.Location));
            return CSharpCompilation.Create("Models", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        }

        private static string ModelSource(int index, int units)
        {
            string layers = (index % 4) switch
            {
                0 => $"[SimpleRnn({units}, Activation.Relu)]",
                1 => $"[Lstm({units})]",
                2 => $"[Gru({units})]",
                _ => $"[Lstm({units}, ReturnSequences = true)]\n    [Lstm({units})]",
            };
            return string.Create(CultureInfo.InvariantCulture,
                $"using Rnn;\n\nnamespace Bench\n{{\n    [Input(28, 28)]\n    {layers}\n    [Dense(10)]\n    public partial class Model{index} {{ }}\n}}\n");
        }

        private static string UnrelatedSource(int version) =>
            $"namespace Bench\n{{\n    public static class Helper\n    {{\n        public static int Value() => {version};\n    }}\n}}\n";
    }
}
