using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Rnn.Modules;
using Rnn.Runtime.Tests.LayerModules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Onnx
{
    /// <summary>
    /// Random valid models over every layer kind (attention included: self-attention, scaled, causal, masked): ONNX Runtime runs each exported
    /// file and must give TorchSharp's <c>Forward</c> within 1e-4, at two batch sizes and, for variable inputs, two
    /// lengths; every file passes <c>onnx.checker.check_model</c>.
    /// </summary>
    public class OnnxParityTests
    {
        private const int Models = 240;
        private const double Tolerance = 1e-4;
        private static readonly long[] Batches = { 1, 3 };
        private readonly ITestOutputHelper _output;

        public OnnxParityTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Random_models_over_every_layer_kind_run_in_OnnxRuntime_as_in_TorchSharp_and_pass_the_ONNX_checker()
        {
            var random = new Random(20261127);
            string folder = OnnxTesting.TempFolder();
            try
            {
                var paths = new List<string>();
                var failures = new List<string>();
                var coverage = new Coverage();
                double worst = 0;
                int runs = 0;
                using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
                for (int i = 0; i < Models; i++)
                {
                    var sample = RandomModel.Next(random, i);
                    using var model = sample.Model;
                    string path = Path.Combine(folder, model.GetName() + ".onnx");
                    model.ExportOnnx(path);
                    paths.Add(path);
                    coverage.Add(sample);
                    using var session = new InferenceSession(path, options);
                    foreach (long batch in Batches)
                        foreach (long time in sample.Lengths)
                        {
                            using var scope = NewDisposeScope();
                            var input = sample.Input(random, batch, time);
                            var expected = OnnxTesting.Forward(model, input);
                            var actual = OnnxTesting.Run(session, input);
                            runs++;
                            if (!expected.shape.SequenceEqual(actual.shape))
                            {
                                failures.Add($"{sample} at [{batch}, {time}]: shape {Shape.Format(actual.shape)}, expected {Shape.Format(expected.shape)}");
                                continue;
                            }
                            double difference = expected.numel() == 0 ? 0 : LayerTesting.MaxDifference(expected, actual);
                            worst = Math.Max(worst, difference);
                            if (!(difference <= Tolerance)) failures.Add(FormattableString.Invariant($"{sample} at [{batch}, {time}]: max |difference| {difference:G3}"));
                        }
                }
                _output.WriteLine(FormattableString.Invariant($"{Models} models, {runs} runs, max |ONNX Runtime − TorchSharp| = {worst:G3}"));
                _output.WriteLine(coverage.ToString());
                Assert.True(failures.Count == 0, $"{failures.Count} of {runs} runs differ:\n" + string.Join("\n", failures.Take(20)));
                coverage.AssertComplete();

                var (exitCode, text) = OnnxTesting.Check(paths);
                Assert.True(exitCode == 0, "onnx.checker.check_model failed:\n" + text);
                Assert.Contains("checked " + Models.ToString(CultureInfo.InvariantCulture), text);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>What the random models covered: every layer kind, merge modes, masks into each consumer, paddings, variable time.</summary>
        private sealed class Coverage
        {
            private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

            public void Add(RandomModel sample)
            {
                Count(sample.VariableTime ? "variable time" : "fixed time");
                var masked = sample.MaskedLayers();
                foreach (var layer in sample.Model.LayerModules)
                {
                    Count(layer.GetType().Name);
                    if (masked.Contains(layer) && layer is RecurrentLayer or GlobalAveragePooling1D or GlobalMaxPooling1D) Count("masked " + layer.GetType().Name);
                    if (layer is RecurrentLayer { Bidirectional: true } r) Count("bidirectional " + r.MergeMode + (r.ReturnSequences ? " sequences" : " final"));
                    if (layer is Conv1D c) Count("Conv1D " + c.Padding + (sample.VariableTime ? " variable" : " fixed"));
                    if (layer is AttentionLayer a)
                    {
                        if (masked.Contains(layer)) Count("masked " + layer.GetType().Name);
                        if (a.UseScale) Count("scaled " + layer.GetType().Name);
                        if (a.Causal) Count("causal " + layer.GetType().Name);
                    }
                    if (layer is MaxPooling1D p) Count("MaxPooling1D " + p.Padding + (sample.VariableTime ? " variable" : " fixed"));
                }
            }

            private void Count(string key) => _counts[key] = _counts.TryGetValue(key, out int n) ? n + 1 : 1;

            public void AssertComplete()
            {
                var required = new List<string>(LayerKindListsTests.ExportableKinds)
                {
                    "variable time", "fixed time",
                    "masked SimpleRnn", "masked Lstm", "masked Gru", "masked GlobalAveragePooling1D", "masked GlobalMaxPooling1D",
                    "masked Attention", "masked AdditiveAttention", "scaled Attention", "scaled AdditiveAttention", "causal Attention", "causal AdditiveAttention",
                };
                foreach (var mode in Enum.GetNames<MergeMode>()) required.AddRange(new[] { "bidirectional " + mode + " sequences", "bidirectional " + mode + " final" });
                foreach (var padding in Enum.GetNames<WindowPadding>()) required.AddRange(new[] { "Conv1D " + padding + " variable", "Conv1D " + padding + " fixed" });
                required.AddRange(new[] { "MaxPooling1D Valid variable", "MaxPooling1D Same variable", "MaxPooling1D Valid fixed", "MaxPooling1D Same fixed" });
                var missing = required.Where(k => !_counts.ContainsKey(k)).ToArray();
                Assert.True(missing.Length == 0, "the random models never covered: " + string.Join(", ", missing));
            }

            public override string ToString() =>
                string.Join(", ", _counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + " " + p.Value.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
