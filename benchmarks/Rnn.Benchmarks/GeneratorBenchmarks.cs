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
    /// was edited, and a run after the unrelated file was edited (what an IDE does on each keystroke).
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
            var editedModel = compilation.ReplaceSyntaxTree(modelTree,
                CSharpSyntaxTree.ParseText(ModelSource(0, units: 33), ParseOptions, path: modelTree.FilePath));
            var editedUnrelated = compilation.ReplaceSyntaxTree(unrelatedTree,
                CSharpSyntaxTree.ParseText(UnrelatedSource(2), ParseOptions, path: unrelatedTree.FilePath));

            var cold = new List<double>();
            var model = new List<double>();
            var unrelated = new List<double>();
            for (int i = 0; i < _runs + 1; i++)
            {
                GeneratorDriver driver = CreateDriver();
                double coldTime = Paired.Time(() => driver = driver.RunGenerators(compilation));
                Check(driver);
                var warm = driver;
                double modelTime = Paired.Time(() => driver = warm.RunGenerators(editedModel));
                Check(driver);
                double unrelatedTime = Paired.Time(() => driver = warm.RunGenerators(editedUnrelated));
                Check(driver);
                if (i == 0) continue; // the first round loads and JITs the generator
                cold.Add(coldTime);
                model.Add(modelTime);
                unrelated.Add(unrelatedTime);
            }
            double coldMedian = Paired.Median(cold);
            return new[]
            {
                new GeneratorResult($"cold run, {Models} models", coldMedian, 1, _runs),
                new GeneratorResult("one model edited", Paired.Median(model), Paired.Median(model) / coldMedian, _runs),
                new GeneratorResult("an unrelated file edited", Paired.Median(unrelated), Paired.Median(unrelated) / coldMedian, _runs),
            };
        }

        private static GeneratorDriver CreateDriver() =>
            CSharpGeneratorDriver.Create(new[] { new RnnGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);

        private static void Check(GeneratorDriver driver)
        {
            var result = driver.GetRunResult().Results.Single();
            if (result.Exception is not null) throw new InvalidOperationException("The generator threw.", result.Exception);
            if (result.GeneratedSources.Length != Models)
                throw new InvalidOperationException($"The generator produced {result.GeneratedSources.Length} files for {Models} models.");
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
