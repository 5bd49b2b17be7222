extern alias attributes;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Rnn.Generators;

namespace Rnn.Generators.Tests
{
    /// <summary>Runs <see cref="RnnGenerator"/> through a <see cref="CSharpGeneratorDriver"/> on in-memory compilations.</summary>
    internal static class GeneratorHarness
    {
        public static readonly CSharpParseOptions ParseOptions =
            new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

        private static readonly MetadataReference AttributesReference = MetadataReference.CreateFromFile(typeof(attributes::Rnn.InputAttribute).Assembly.Location);

        /// <summary>net8.0 reference assemblies plus Rnn.Attributes: enough to run the generator.</summary>
        private static readonly ImmutableArray<MetadataReference> GeneratorReferences =
            Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().Append(AttributesReference).ToImmutableArray();

        /// <summary>net10.0 reference assemblies plus Rnn.Attributes, Rnn.Runtime and TorchSharp: enough to compile generated code.</summary>
        private static readonly ImmutableArray<MetadataReference> RuntimeReferences =
            Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
                .Append(AttributesReference)
                .Append(MetadataReference.CreateFromFile(typeof(RnnModel).Assembly.Location))
                .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
                .ToImmutableArray();

        public static CSharpCompilation CreateCompilation(IEnumerable<string> sources, bool withRuntime = false, IEnumerable<string>? paths = null)
        {
            var pathList = paths?.ToList();
            var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: pathList?[i] ?? $"Model{i}.cs"));
            return CSharpCompilation.Create(
                "UserAssembly",
                trees,
                withRuntime ? RuntimeReferences : GeneratorReferences,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                    // As the .NET SDK does by default: TorchSharp is built against net8.0's System.Runtime.
                    .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
                    {
                        ["CS1701"] = ReportDiagnostic.Suppress,
                        ["CS1702"] = ReportDiagnostic.Suppress,
                    }));
        }

        public static CSharpCompilation CreateCompilation(string source, bool withRuntime = false) => CreateCompilation(new[] { source }, withRuntime);

        public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
            CSharpGeneratorDriver.Create(
                new[] { new RnnGenerator().AsSourceGenerator() },
                parseOptions: ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

        /// <summary>Runs the generator once; the result holds the generated sources, diagnostics and any exception.</summary>
        public static Run Run(string source, bool withRuntime = false) => Run(CreateCompilation(source, withRuntime));

        public static Run Run(Compilation compilation)
        {
            var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
            var result = driver.GetRunResult();
            var generator = result.Results.Single();
            if (generator.Exception is not null) throw new InvalidOperationException("The generator threw.", generator.Exception);
            return new Run(compilation, output, generator);
        }
    }

    internal sealed class Run
    {
        public Run(Compilation input, Compilation output, GeneratorRunResult result)
        {
            Input = input;
            Output = output;
            Result = result;
        }

        public Compilation Input { get; }
        public Compilation Output { get; }
        public GeneratorRunResult Result { get; }

        public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

        public ImmutableArray<GeneratedSourceResult> Sources => Result.GeneratedSources;

        /// <summary>Errors and warnings of the compilation including the generated code (the compiler's, not the generator's).</summary>
        public IReadOnlyList<Diagnostic> CompilerProblems() =>
            Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

        public string Source(string hintName) =>
            Sources.Single(s => s.HintName == hintName).SourceText.ToString();
    }
}
