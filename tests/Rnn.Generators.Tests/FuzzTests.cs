using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// Random and half-typed declarations through the driver and the analyzer: neither may throw (no exception in the
    /// run result, no CS8785/AD0001, no analyzer exception). Fixed seed, so a failure reproduces.
    /// </summary>
    public class FuzzTests
    {
        private const int Seed = 20240917;
        private const int Declarations = 10_000;
        private const int PerCompilation = 10;
        private const double ValidShare = 0.4;

        internal static readonly string[] AttributeNames =
        {
            "Input", "Input", "SimpleRnn", "Lstm", "Gru", "Dense", "Dense", "Rnn.Input", "Rnn.LstmAttribute", "InputAttribute",
            "global::Rnn.Gru", "Unknown", "System.Obsolete", "Input()", "", "Embedding", "Masking", "Dropout", "Conv1D", "MaxPooling1D",
            "GlobalAveragePooling1D", "GlobalMaxPooling1D", "LayerNormalization", "Rnn.Conv1DAttribute", "Attention", "AdditiveAttention",
            "Rnn.AttentionLayerAttribute",
        };

        private static readonly string[] Arguments =
        {
            "28", "28", "1", "0", "-1", "128", "2147483647", "-2147483648", "int.MaxValue", "int.MinValue", "2000000000", "3000000000", "1.5", "'c'", "\"str\"", "null",
            "Activation.Relu", "Activation.Tanh", "Activation.Softmax", "Activation.Sigmoid", "Activation.None", "(Activation)42",
            "(Activation)(-1)", "Activation.Missing", "x", "Size", "Constant", "1 + 2", "Constant * 2", "ReturnSequences = true",
            "ReturnSequences = false", "ReturnSequences = 1", "ReturnSequences = Size > 0", "Units = 3", "units: 5", "timesteps: 4",
            "features: 3", "activation: Activation.Relu", "typeof(int)", "new[] { 1 }", "default", "nameof(Size)", "", "(", ")", "=",
            "Dim.Variable", "0.5", "-0.5", "1.0", "double.NaN", "Bidirectional = true", "MergeMode = MergeMode.Sum", "MergeMode = (MergeMode)9",
            "Dropout = 0.2", "Dropout = 2", "MaskZero = true", "Strides = 2", "Strides = 0", "DilationRate = 3", "Padding = WindowPadding.Same",
            "Padding = WindowPadding.Causal", "Padding = (WindowPadding)5", "kernelSize: 3", "poolSize: 2", "vocabulary: 10", "dimensions: 4", "rate: 0.1",
            "UseScale = true", "UseScale = false", "Causal = true", "Causal = 1", "Dropout = -0.1",
        };

        /// <summary>Members named like the generated ones (issue 10 §4); {0} is the class name.</summary>
        private static readonly string[] Members =
        {
            "public int InputShape;", "public static int OutputShape => 1;", "public const long ParameterCount = 1;", "public class Architecture { }",
            "public object Forward(object input) => input;", "public TorchSharp.torch.Tensor Forward(TorchSharp.torch.Tensor input) => input;",
            "public override string Summary() => \"\";", "public string Summary(int width) => \"\";", "public event System.Action? LayerModules;",
            "public static void InitializeRnnRuntime() { }", "private int dense;", "private int simple_rnn_1;", "public void lstm() { }",
            "public {0}() { }", "public {0}(long? seed) { }", "public {0}(int units) : this(seed: units) { }", "static {0}() { }",
            "public int Forward<T>(T x) => 0;", "public void Forward(ref TorchSharp.torch.Tensor input) { }",
        };

        /// <summary>The inputs of the issue 10 §4 probes, each compiled on its own as well as mixed into the random ones.</summary>
        private static readonly string[] Probes =
        {
            "using Rnn;\n[Input(28, 28)]\n[SimpleRnn(int.MaxValue)]\n[SimpleRnn(int.MaxValue)]\npublic partial class M { }",
            "using Rnn;\n[Input(28, 28)]\n[SimpleRnn(int.MaxValue, ReturnSequences = true)]\n[SimpleRnn(int.MaxValue)]\n[Dense(int.MaxValue)]\npublic partial class M { }",
            "using Rnn;\n[Input(int.MaxValue, int.MaxValue)]\n[Conv1D(int.MaxValue, int.MinValue)]\n[Lstm(int.MaxValue)]\npublic partial class M { }",
            // Ten layers of about 2^93 parameters each: their sum is beyond decimal (it threw OverflowException).
            "using Rnn;\n[Input(28, int.MaxValue)]\n[Conv1D(int.MaxValue, int.MaxValue, Padding = WindowPadding.Same)]\n[Conv1D(int.MaxValue, int.MaxValue, Padding = WindowPadding.Same)]\n[Conv1D(int.MaxValue, int.MaxValue, Padding = WindowPadding.Same)]\n[Conv1D(int.MaxValue, int.MaxValue, Padding = WindowPadding.Same)]\n[Conv1D(int.MaxValue, int.MaxValue, Padding = WindowPadding.Same)]\n[Conv1D(int.MaxValue, int.MaxValue, Padding = WindowPadding.Same)]\n[Conv1D(int.MaxValue, int.MaxValue, Padding = WindowPadding.Same)]\n[Conv1D(int.MaxValue, int.MaxValue, Padding = WindowPadding.Same)]\n[Conv1D(int.MaxValue, int.MaxValue, Padding = WindowPadding.Same)]\n[Conv1D(int.MaxValue, int.MaxValue, Padding = WindowPadding.Same)]\n[GlobalMaxPooling1D]\n[Dense(2)]\npublic partial class M { }",
            "using Rnn;\nnamespace MyCompany.@internal { [Input(28, 28)] [SimpleRnn(16)] [Dense(10)] public partial class @class { } }",
            "using Rnn;\n[Input(28, 28)]\n[SimpleRnn(16)]\n[Dense(10)]\npublic partial class M(int size) { public int Size => size; }",
            "using Rnn;\n[Input(28, 28)]\n[SimpleRnn(16)]\n[Dense(10)]\npublic partial class M() { }",
            "using Rnn;\n[Input(28, 28)]\n[SimpleRnn(16)]\n[Dense(10)]\npublic partial class M { public M() { } public M(long? seed) { } }",
            "using Rnn;\n[Input(28, 28)]\n[SimpleRnn(16)]\n[Dense(10)]\npublic partial class M { public object Forward; public int Summary; public int InputShape; private int dense; }",
            "using Rnn;\n[Input(28, 28)]\n[SimpleRnn(16)]\n[Dense(10)]\npublic partial class M { }\npublic partial class M { private int simple_rnn; }",
            "using Rnn;\n[Input(28, 28)]\n[SimpleRnn(16)]\n[Dense(10)]\npublic partial class M { public int Forward { get; } public M(",
        };

        private static readonly string[] Modifiers = { "public", "internal", "private", "static", "abstract", "sealed", "unsafe", "file", "" };
        private static readonly string[] Kinds = { "class", "class", "class", "record", "struct", "interface", "record class" };
        private static readonly string[] Bases = { "", "", "", " : System.Exception", " : Rnn.RnnModel", " : Missing", " : System.IDisposable", " :" };

        private readonly ITestOutputHelper _output;

        public FuzzTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void GeneratorAndAnalyzerNeverThrow()
        {
            var random = new Random(Seed);
            var stopwatch = Stopwatch.StartNew();
            var driver = GeneratorHarness.CreateDriver();
            int declarations = 0, compilations = 0, sources = 0;
            var ids = new SortedDictionary<string, int>();

            while (declarations < Declarations)
            {
                var batch = new List<string>();
                for (int i = 0; i < PerCompilation; i++)
                {
                    // Valid models of every layer kind, so generation is fuzzed too, not only the diagnostics.
                    batch.Add(random.NextDouble() < ValidShare ? ValidModel(random, declarations) : Mutate(random, Declaration(random, declarations)));
                    declarations++;
                }
                // The probes' inputs go into the random compilations too, beside other models.
                if (random.Next(10) == 0) batch[random.Next(batch.Count)] = Pick(random, Probes);
                compilations++;
                sources += Check(ref driver, batch, $"Compilation {compilations}", $"Fuzz{compilations}", ids);
            }

            _output.WriteLine($"{declarations} declarations in {compilations} compilations, {stopwatch.Elapsed.TotalSeconds:F1} s, seed {Seed}: "
                + $"0 generator and 0 analyzer exceptions, {sources} generated sources, diagnostics {string.Join(", ", ids.Select(kv => kv.Key + "×" + kv.Value))}.");
            Assert.Equal(Declarations, declarations);
            // The input is varied enough to reach both outcomes: generated models and most diagnostics.
            Assert.True(sources >= Declarations / 3, $"Only {sources} of {Declarations} declarations were generated models.");
            Assert.True(ids.Count >= 8, "Too few distinct diagnostics: " + string.Join(", ", ids.Keys));
        }

        [Fact]
        public void TheProbesNeverThrow()
        {
            var driver = GeneratorHarness.CreateDriver();
            var ids = new SortedDictionary<string, int>();
            for (int i = 0; i < Probes.Length; i++) Check(ref driver, new List<string> { Probes[i] }, "Probe " + i, "Probe" + i, ids);
            _output.WriteLine(string.Join(", ", ids.Select(kv => kv.Key + "×" + kv.Value)));
            foreach (string id in new[] { "RNN0015", "RNN0025", "RNN0026", "RNN0027", "RNN0028" }) Assert.Contains(id, ids.Keys);
        }

        /// <summary>Runs the generator and the analyzer on one batch: neither may throw. Returns the number of generated sources.</summary>
        private static int Check(ref GeneratorDriver driver, List<string> batch, string label, string path, SortedDictionary<string, int> ids)
        {
            var compilation = GeneratorHarness.CreateCompilation(batch, paths: batch.Select((_, i) => $"{path}_{i}.cs"));
            driver = driver.RunGenerators(compilation);
            var result = driver.GetRunResult().Results.Single();
            Assert.True(result.Exception is null, $"{label}: {result.Exception}\n{string.Join("\n---\n", batch)}");
            var crash = result.Diagnostics.FirstOrDefault(d => d.Id is "CS8785" or "AD0001");
            Assert.True(crash is null, $"{label}: {crash}\n{string.Join("\n---\n", batch)}");
            Assert.True(result.Diagnostics.IsEmpty, $"{label}: the generator reported {string.Join("; ", result.Diagnostics)}");

            // The analyzer on the same compilation: no exception, no AD0001 (GeneratorHarness.Analyze throws on either).
            ImmutableArray<Diagnostic> diagnostics;
            try
            {
                diagnostics = GeneratorHarness.Analyze(compilation);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{label}: {e}\n{string.Join("\n---\n", batch)}");
            }
            foreach (var d in diagnostics) ids[d.Id] = ids.TryGetValue(d.Id, out int n) ? n + 1 : 1;
            return result.GeneratedSources.Length;
        }

        private static string Declaration(Random random, int index)
        {
            var sb = new StringBuilder("using Rnn;\n");
            bool inNamespace = random.Next(3) == 0;
            bool nested = random.Next(5) == 0;
            if (inNamespace) sb.Append("namespace Fuzz").Append(random.Next(3)).Append(" {\n");
            if (nested) sb.Append(random.Next(2) == 0 ? "public partial class Outer" : "public class Outer").Append(index).Append(random.Next(4) == 0 ? "<T>" : "").Append(" {\n");

            int declarations = random.Next(6) == 0 ? 2 : 1;
            for (int part = 0; part < declarations; part++)
            {
                int attributes = random.Next(6);
                bool plausible = random.Next(3) == 0;
                if (plausible) sb.Append("[Input(").Append(random.Next(-1, 40)).Append(", ").Append(random.Next(-1, 40)).Append(")]\n");
                for (int a = 0; a < attributes; a++)
                {
                    string name = Pick(random, AttributeNames);
                    if (plausible && random.Next(2) == 0) name = Pick(random, new[] { "SimpleRnn", "Lstm", "Gru", "Dense" });
                    var args = Enumerable.Range(0, random.Next(4)).Select(_ => Pick(random, Arguments));
                    if (plausible && random.Next(2) == 0) args = new[] { random.Next(-2, 64).ToString(), Pick(random, Arguments) }.Take(random.Next(1, 3));
                    sb.Append(random.Next(8) == 0 ? "[" + name + "]" : "[" + name + "(" + string.Join(", ", args) + ")]").Append('\n');
                }
                string modifier = Pick(random, Modifiers);
                bool partial = random.Next(5) != 0;
                string typeName = "M" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                string member = random.Next(3) == 0 ? " " + Pick(random, Members).Replace("{0}", typeName) : "";
                sb.Append(modifier).Append(modifier.Length > 0 ? " " : "").Append(partial ? "partial " : "").Append(Pick(random, Kinds))
                  .Append(' ').Append(typeName).Append(random.Next(8) == 0 ? "<T>" : "").Append(random.Next(10) == 0 ? "(int size)" : "").Append(Pick(random, Bases))
                  .Append(" { public const int Constant = 4; public static int Size = 3;").Append(member).Append(" }\n");
            }

            if (nested) sb.Append("}\n");
            if (inNamespace) sb.Append("}\n");
            return sb.ToString();
        }

        /// <summary>A random stack of any layer kinds that the shape analysis accepts, declared as a user would.</summary>
        private static string ValidModel(Random random, int index)
        {
            while (true)
            {
                var stack = Oracle.RandomStack.Next(random, index);
                if (!Shapes.Analyze(stack.ToSpec()).HasErrors) return stack.ToSource("Fuzz" + random.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        private static string Mutate(Random random, string source)
        {
            switch (random.Next(6))
            {
                case 0: // truncate, as while typing
                    return source.Substring(0, random.Next(source.Length + 1));
                case 1: // delete a few characters
                    var sb = new StringBuilder(source);
                    for (int i = random.Next(1, 4); i > 0 && sb.Length > 0; i--) sb.Remove(random.Next(sb.Length), 1);
                    return sb.ToString();
                case 2: // insert stray punctuation
                    const string punctuation = "[](){}<>,;:=\"'@#";
                    return source.Insert(random.Next(source.Length + 1), punctuation[random.Next(punctuation.Length)].ToString());
                default:
                    return source;
            }
        }

        private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
    }
}
