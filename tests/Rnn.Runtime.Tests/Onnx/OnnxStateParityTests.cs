using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Rnn.Modules;
using Rnn.Runtime.Tests.LayerModules;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Onnx
{
    /// <summary>
    /// Issue 17 §6: the stateful export (<c>ExportOnnx(path, withState: true)</c>) of random models with recurrent layers
    /// runs in ONNX Runtime as <c>ForwardWithState</c> within 1e-4, from random initial states: a prompt, then a
    /// continuation (one step where the model takes it) from the final state each side returned, ONNX Runtime's own
    /// state outputs carried back into its state inputs. Masked inputs include rows without any real step. Every file
    /// passes <c>onnx.checker.check_model</c>.
    /// </summary>
    public class OnnxStateParityTests
    {
        private const int Models = 240;
        private const double Tolerance = 1e-4;
        private static readonly long[] Batches = { 1, 3 };
        private readonly ITestOutputHelper _output;

        public OnnxStateParityTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Random_models_exported_with_their_state_run_in_OnnxRuntime_as_ForwardWithState_across_a_prompt_and_a_continuation()
        {
            var random = new Random(20261203);
            using var g = new Generator(17);
            string folder = OnnxTesting.TempFolder();
            try
            {
                var paths = new List<string>();
                var failures = new List<string>();
                var coverage = new Dictionary<string, int>(StringComparer.Ordinal);
                void Count(string key) => coverage[key] = coverage.TryGetValue(key, out int n) ? n + 1 : 1;
                double worst = 0;
                int runs = 0;
                using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
                for (int i = 0; i < Models; i++)
                {
                    var sample = RandomModel.Next(random, i);
                    using var model = sample.Model;
                    if (!model.LayerModules.OfType<RecurrentLayer>().Any()) continue;
                    model.eval();
                    string path = Path.Combine(folder, model.GetName() + ".onnx");
                    model.ExportOnnx(path, withState: true);
                    paths.Add(path);
                    using var session = new InferenceSession(path, options);
                    string[] names = OnnxTesting.StateNames(model);
                    Assert.Equal(new[] { "input" }.Concat(names), session.InputNames);
                    Assert.Equal(new[] { "output" }.Concat(names.Select(n => "final_" + n)), session.OutputNames);
                    var masked = sample.MaskedLayers();
                    long continuation = sample.TakesOneStep ? 1 : sample.Lengths[0];
                    foreach (long batch in Batches)
                    {
                        using var scope = NewDisposeScope();
                        ModelState expectedState = RandomState(model, batch, g);
                        Tensor[] actualState = Tensors(expectedState);
                        foreach (long time in new[] { sample.Lengths[^1], continuation })
                        {
                            var input = sample.Input(random, batch, time);
                            var (expected, _, next) = model.RunWithState(input, expectedState);
                            var (actual, actualNext) = OnnxTesting.Run(session, input, names, actualState);
                            runs++;
                            string at = FormattableString.Invariant($"{sample} at [{batch}, {time}]");
                            double difference = Compare(at, expected, Tensors(next), actual, actualNext, names, failures);
                            worst = Math.Max(worst, difference);
                            (expectedState, actualState) = (next, actualNext);
                            long empty = sample.EmptyRows(input);
                            foreach (var layer in model.LayerModules.OfType<RecurrentLayer>())
                            {
                                string kind = layer.GetType().Name + (layer.Bidirectional ? " bidirectional" : "");
                                Count(kind);
                                if (masked.Contains(layer)) Count("masked " + kind);
                                if (masked.Contains(layer) && empty > 0) Count("empty rows into " + kind);
                            }
                            if (time == 1) Count("one step");
                        }
                    }
                }
                _output.WriteLine(FormattableString.Invariant($"{paths.Count} models with state, {runs} runs, max |ONNX Runtime − ForwardWithState| = {worst:G3}"));
                _output.WriteLine(string.Join(", ", coverage.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + " " + p.Value.ToString(CultureInfo.InvariantCulture))));
                Assert.True(failures.Count == 0, $"{failures.Count} of {runs} runs differ:\n" + string.Join("\n", failures.Take(20)));
                var required = new[] { "SimpleRnn", "Lstm", "Gru" }
                    .SelectMany(kind => new[] { kind, kind + " bidirectional" })
                    .SelectMany(kind => new[] { kind, "masked " + kind, "empty rows into " + kind })
                    .Append("one step");
                var missing = required.Where(k => !coverage.ContainsKey(k)).ToArray();
                Assert.True(missing.Length == 0, "the random models never covered: " + string.Join(", ", missing));

                var (exitCode, text) = OnnxTesting.Check(paths);
                Assert.True(exitCode == 0, "onnx.checker.check_model failed:\n" + text);
                Assert.Contains("checked " + paths.Count.ToString(CultureInfo.InvariantCulture), text);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>Each recurrent layer's state, uniform in [-1, 1).</summary>
        private static ModelState RandomState(ModuleModel model, long batch, Generator g)
        {
            var state = model.InitialState(batch);
            foreach (var tensor in Tensors(state)) tensor.uniform_(-1, 1, generator: g);
            return state;
        }

        /// <summary>The state's tensors in the order of the graph's state inputs: each layer's H, then its C.</summary>
        private static Tensor[] Tensors(ModelState state) => state.Layers.SelectMany(layer => layer.Tensors).Select(t => t.detach()).ToArray();

        /// <summary>The largest difference of the output and every state tensor; a failure line when one exceeds the tolerance or a shape differs.</summary>
        private static double Compare(string at, Tensor expected, Tensor[] expectedState, Tensor actual, Tensor[] actualState, string[] names, List<string> failures)
        {
            var pairs = new[] { ("output", expected.detach(), actual) }
                .Concat(names.Select((name, i) => ("final_" + name, expectedState[i], actualState[i])));
            double worst = 0;
            foreach (var (name, e, a) in pairs)
            {
                if (!e.shape.SequenceEqual(a.shape))
                {
                    failures.Add($"{at}: {name} is {Shape.Format(a.shape)}, expected {Shape.Format(e.shape)}");
                    continue;
                }
                double difference = e.numel() == 0 ? 0 : LayerTesting.MaxDifference(e, a);
                worst = Math.Max(worst, difference);
                if (!(difference <= Tolerance)) failures.Add(FormattableString.Invariant($"{at}: {name} max |difference| {difference:G3}"));
            }
            return worst;
        }
    }
}
