extern alias attributes;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Rnn.Generators;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// Runs <see cref="RnnGenerator"/> through a <see cref="CSharpGeneratorDriver"/> and <see cref="RnnModelAnalyzer"/>
    /// through <see cref="CompilationWithAnalyzers"/> on in-memory compilations.
    /// </summary>
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

        /// <summary>
        /// Runs the generator and the analyzer once: the result holds the generated sources and the analyzer's diagnostics.
        /// Throws if either threw, or if the generator reported a diagnostic (that is the analyzer's job alone).
        /// </summary>
        public static Run Run(string source, bool withRuntime = false) => Run(CreateCompilation(source, withRuntime));

        public static Run Run(Compilation compilation)
        {
            var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
            var result = driver.GetRunResult();
            var generator = result.Results.Single();
            if (generator.Exception is not null) throw new InvalidOperationException("The generator threw.", generator.Exception);
            if (!generator.Diagnostics.IsEmpty) throw new InvalidOperationException("The generator reported diagnostics: " + string.Join("; ", generator.Diagnostics));
            return new Run(compilation, output, generator, Analyze(compilation));
        }

        /// <summary>
        /// The diagnostics of the one model class in <paramref name="source"/> analysed as a decoder whose attention layers
        /// attend over <paramref name="memory"/> (an encoder's output), located as the analyzer locates them: what a model
        /// kind joining an encoder and a decoder reports for the decoder's own layers.
        /// </summary>
        public static IReadOnlyList<Diagnostic> DiagnoseWithMemory(string source, Rnn.Generators.Model.TensorShape memory)
        {
            var compilation = CreateCompilation(source);
            var tree = compilation.SyntaxTrees.Single();
            var declaration = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>()
                .Single(c => c.AttributeLists.Count > 0);
            var type = compilation.GetSemanticModel(tree).GetDeclaredSymbol(declaration)!;
            var model = RnnGenerator.Parser.Parse(type, compilation, default)!;
            return RnnGenerator.Diagnostics(model, RnnGenerator.Analyze(model.Declaration, memory))
                .Select(d => d.ToDiagnostic())
                .OrderBy(d => d.Location.SourceSpan.Start)
                .ToList();
        }

        /// <summary>The analyzer's diagnostics on <paramref name="compilation"/>, in source order; throws if the analyzer threw.</summary>
        public static ImmutableArray<Diagnostic> Analyze(Compilation compilation)
        {
            var exceptions = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), (exception, _, _) => exceptions.Add(exception),
                concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
            var diagnostics = compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new RnnModelAnalyzer()), options)
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            if (!exceptions.IsEmpty) throw new AggregateException("The analyzer threw.", exceptions);
            var crash = diagnostics.FirstOrDefault(d => d.Id == "AD0001");
            if (crash is not null) throw new InvalidOperationException("The analyzer threw: " + crash.GetMessage());
            return diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
        }
    }

    internal sealed class Run
    {
        public Run(Compilation input, Compilation output, GeneratorRunResult result, ImmutableArray<Diagnostic> diagnostics)
        {
            Input = input;
            Output = output;
            Result = result;
            Diagnostics = diagnostics;
        }

        public Compilation Input { get; }
        public Compilation Output { get; }
        public GeneratorRunResult Result { get; }

        /// <summary>The RNN diagnostics, from <see cref="RnnModelAnalyzer"/> on <see cref="Input"/>.</summary>
        public ImmutableArray<Diagnostic> Diagnostics { get; }

        public ImmutableArray<GeneratedSourceResult> Sources => Result.GeneratedSources;

        /// <summary>Errors and warnings of the compilation including the generated code (the compiler's, not the generator's).</summary>
        public IReadOnlyList<Diagnostic> CompilerProblems() =>
            Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

        /// <summary>
        /// The compiler's errors for a member declared twice (CS0102, CS0111) or a constructor that must chain to a primary
        /// one (CS8862): what a user member clashing with a generated one would be without its RNN diagnostic.
        /// </summary>
        public IReadOnlyList<Diagnostic> MemberClashErrors() =>
            CompilerProblems().Where(d => d.Id is "CS0102" or "CS0111" or "CS8862").ToList();

        public string Source(string hintName) =>
            Sources.Single(s => s.HintName == hintName).SourceText.ToString();
    }
}
