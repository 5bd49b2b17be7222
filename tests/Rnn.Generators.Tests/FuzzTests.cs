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
            "Rnn.AttentionLayerAttribute", "Seq2Seq",
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

        /// <summary>Half-typed and odd [Seq2Seq] declarations over the models of <see cref="Seq2SeqParts"/> (E, D) and others.</summary>
        private static readonly string[] Seq2SeqProbes =
        {
            "[Seq2Seq(typeof(E), typeof(D))] public partial class T { }",
            "[Seq2Seq(typeof(E3), typeof(D3))] public partial class T { }",
            "[Seq2Seq(typeof(E2), typeof(D2))] public partial class T { }",
            "[Seq2Seq(typeof(Bag), typeof(Bag))] public partial class T { }",
            "[Seq2Seq(typeof(Missing), typeof(D))] public partial class T { }",
            "[Seq2Seq(typeof(E))] public partial class T { }",
            "[Seq2Seq()] public partial class T { }",
            "[Seq2Seq] public partial class T { }",
            "[Seq2Seq(null, null)] public partial class T { }",
            "[Seq2Seq(typeof(E), typeof(D), typeof(E))] public partial class T { }",
            "[Seq2Seq(typeof(E), typeof(E))] public partial class T { }",
            "[Seq2Seq(typeof(D), typeof(D))] public partial class T { }",
            "[Seq2Seq(typeof(T), typeof(T))] public partial class T { }",
            "[Seq2Seq(typeof(E), typeof(D))] public partial class T { } [Seq2Seq(typeof(T), typeof(D))] public partial class U { }",
            "[Seq2Seq(typeof(U), typeof(D))] public partial class T { } [Seq2Seq(typeof(T), typeof(D))] public partial class U { }",
            "[Seq2Seq(typeof(E), typeof(D))] [Seq2Seq(typeof(E), typeof(D))] public partial class T { }",
            "[Seq2Seq(typeof(E), typeof(D))] [Input(3, 4)] [Lstm(2)] public partial class T { }",
            "[Seq2Seq(typeof(E), typeof(D))] public partial struct T { }",
            "[Seq2Seq(typeof(E), typeof(D))] public partial record T { }",
            "[Seq2Seq(typeof(E), typeof(D))] public static partial class T { }",
            "[Seq2Seq(typeof(E), typeof(D))] public partial class T<X> { }",
            "[Seq2Seq(typeof(E), typeof(D))] public partial class T : RnnModel { }",
            "[Seq2Seq(typeof(E), typeof(D))] public partial class T : Seq2SeqModel { }",
            "[Seq2Seq(typeof(E), typeof(D))] public partial class T(int x) { }",
            "[Seq2Seq(typeof(E), typeof(D))] public partial class T { public int encoder; public void Summary() { } public T(long? seed) { } }",
            "[Seq2Seq(typeof(int[]), typeof(System.Collections.Generic.List<>))] public partial class T { }",
            "[Seq2Seq(typeof(System.String), typeof(dynamic))] public partial class T { }",
            "[Seq2Seq(typeof(E), typeof(G<int>))] public partial class T { } [Input(Dim.Variable)] [Embedding(40, 8)] [Gru(16, ReturnSequences = true)] [Dense(40)] public partial class G<X> { }",
            "[Seq2Seq(typeof(E), typeof(D))] public partial class T { public partial class E { } }",
            "[Seq2Seq(typeof(E), typeof(D)) public partial class T { }",
            "[Seq2Seq(typeof(E), typeof(",
            "[Seq2Seq(typeof(E), typeof(D))] public partial class",
            "[Seq2Seq(typeof(E), 3)] public partial class T { }",
            "[Seq2Seq(\"E\", typeof(D))] public partial class T { }",
            "[Seq2Seq(encoder: typeof(E), decoder: typeof(D))] public partial class T { }",
            "[Seq2Seq(decoder: typeof(D), encoder: typeof(E))] public partial class T { }",
            // Attention in the decoder: over an encoder without a sequence, of another width, causal, half-typed.
            "[Seq2Seq(typeof(E), typeof(DA))] public partial class T { }",
            "[Seq2Seq(typeof(ES), typeof(DA))] public partial class T { }",
            "[Seq2Seq(typeof(EW), typeof(DW))] public partial class T { }",
            "[Seq2Seq(typeof(ES), typeof(X))] public partial class T { } [Input(Dim.Variable)] [Embedding(40, 8)] [Gru(16, ReturnSequences = true)] [Attention(Causal = true)] [Dense(40)] public partial class X { }",
            "[Seq2Seq(typeof(ES), typeof(X))] public partial class T { } [Input(Dim.Variable)] [Embedding(40, 8)] [Gru(16, ReturnSequences = true)] [Attention(",
            "[Seq2Seq(typeof(ES), typeof(X))] public partial class T { } [Input(Dim.Variable)] [Embedding(40, 8)] [Gru(16, ReturnSequences = true)] [AdditiveAttention(UseScale = )] [Dense(40)] public partial class X { }",
            "[Seq2Seq(typeof(ES), typeof(X))] public partial class T { } [Input(Dim.Variable)] [Embedding(40, 8)] [Gru(16, ReturnSequences = true)] [Attention] [Attention] [Dense(40)] public partial class X { }",
            "[Seq2Seq(typeof(ES), typeof(X))] public partial class T { } [Input(Dim.Variable)] [Embedding(40, 8)] [Attention] [Gru(16, ReturnSequences = true)] [Dense(40)] public partial class X { }",
            "[Seq2Seq(typeof(ES), typeof(X))] public partial class T { } [Input(Dim.Variable)] [Embedding(40, 8)] [Gru(16, ReturnSequences = true)] [Attention] [GlobalAveragePooling1D] [Dense(40)] public partial class X { }",
        };

        /// <summary>An encoder E and a decoder D that join, and a few of every kind for random joins.</summary>
        private const string Seq2SeqParts = """
            using Rnn;
            [Input(Dim.Variable)] [Embedding(30, 8, MaskZero = true)] [Gru(16, Bidirectional = true, MergeMode = MergeMode.Sum)] public partial class E { }
            [Input(Dim.Variable)] [Embedding(40, 8, MaskZero = true)] [Gru(16, ReturnSequences = true)] [Dense(40)] public partial class D { }
            [Input(Dim.Variable)] [Embedding(40, 8)] [Lstm(16, ReturnSequences = true)] [Dropout(0.2)] [Dense(40)] public partial class D2 { }
            [Input(Dim.Variable)] [Embedding(30, 8)] [Lstm(8, Bidirectional = true)] public partial class E2 { }
            [Input(10, 3)] [SimpleRnn(4)] public partial class E3 { }
            [Input(Dim.Variable)] [Embedding(40, 8)] [SimpleRnn(5, ReturnSequences = true)] [Dense(40)] public partial class D3 { }
            [Input(Dim.Variable)] [Embedding(30, 8)] [Dense(4)] public partial class Bag { }
            [Input(Dim.Variable)] [Embedding(30, 8, MaskZero = true)] [Gru(16, Bidirectional = true, MergeMode = MergeMode.Sum, ReturnSequences = true)] public partial class ES { }
            [Input(Dim.Variable)] [Embedding(30, 8, MaskZero = true)] [Gru(16, Bidirectional = true, ReturnSequences = true)] [Dense(8)] public partial class EW { }
            [Input(Dim.Variable)] [Embedding(40, 8, MaskZero = true)] [Gru(16, ReturnSequences = true)] [Attention] [Dense(40)] public partial class DA { }
            [Input(Dim.Variable)] [Embedding(40, 8, MaskZero = true)] [Gru(32, ReturnSequences = true)] [AdditiveAttention] [Dense(40)] public partial class DW { }
            public partial class Plain { }
            """;

        private static readonly string[] Seq2SeqArguments =
        {
            "typeof(E)", "typeof(D)", "typeof(ES)", "typeof(EW)", "typeof(DA)", "typeof(DW)", "typeof(D2)", "typeof(E2)", "typeof(E3)", "typeof(D3)", "typeof(Bag)", "typeof(Plain)", "typeof(Missing)", "typeof(T)",
            "typeof(int)", "null", "default", "typeof(E", "", "typeof()", "typeof(E).Name", "typeof(M0)", "typeof(M1)",
        };

        [Fact]
        public void Seq2SeqDeclarationsNeverThrow()
        {
            var random = new Random(Seed + 17);
            var driver = GeneratorHarness.CreateDriver();
            var ids = new SortedDictionary<string, int>();
            int sources = 0;
            foreach (string probe in Seq2SeqProbes) sources += Check(ref driver, new List<string> { Seq2SeqParts, "using Rnn;\n" + probe }, "Probe " + probe, "Seq2SeqProbe", ids);
            for (int i = 0; i < 300; i++)
            {
                var args = Enumerable.Range(0, random.Next(4) == 0 ? random.Next(4) : 2).Select(_ => Pick(random, Seq2SeqArguments));
                string join = "using Rnn;\n[Seq2Seq(" + string.Join(", ", args) + ")]\n" + Pick(random, Modifiers) + " partial " + Pick(random, Kinds) + " T" + Pick(random, Bases) + " { }";
                var batch = new List<string> { Seq2SeqParts, Mutate(random, join), Mutate(random, Declaration(random, 0)), ValidModel(random, 1) };
                sources += Check(ref driver, batch, "Seq2Seq " + i, "Seq2Seq" + i, ids);
            }
            _output.WriteLine($"{sources} generated sources, diagnostics {string.Join(", ", ids.Select(kv => kv.Key + "×" + kv.Value))}.");
            foreach (string id in new[] { "RNN0029", "RNN0030", "RNN0031", "RNN0032", "RNN0033", "RNN0035", "RNN0036", "RNN0037" }) Assert.Contains(id, ids.Keys);
        }

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
