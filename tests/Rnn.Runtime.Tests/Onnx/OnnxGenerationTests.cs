using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Onnx
{
    /// <summary>A small character model: token ids of any length → scores over the same 24 tokens at every step.</summary>
    [Input(Dim.Variable)]
    [Embedding(24, 8)]
    [Lstm(16, ReturnSequences = true)]
    [Gru(12, ReturnSequences = true)]
    [Dense(24)]
    public partial class OnnxCharacterModel { }

    /// <summary>As <see cref="OnnxCharacterModel"/> but scoring 5 classes at every step, not its 24 tokens: no language model.</summary>
    [Input(Dim.Variable)]
    [Embedding(24, 8)]
    [Gru(12, ReturnSequences = true)]
    [Dense(5)]
    public partial class OnnxDecoderShapedClassifier { }

    /// <summary>
    /// Issue 17 §6: a language model's stateful ONNX graph generates text token by token in ONNX Runtime alone (the
    /// prompt once, then one token per run, the state outputs fed back as inputs), and greedy decoding writes what the
    /// runtime writes.
    /// </summary>
    public class OnnxGenerationTests
    {
        private const int Vocabulary = 24;
        private const int NewTokens = 30;

        [Fact]
        public void Greedy_generation_in_OnnxRuntime_writes_what_ForwardWithState_step_by_step_writes()
        {
            using var model = new OnnxCharacterModel(seed: 4);
            model.eval();
            long[][] prompts = { new long[] { 3, 7, 1, 19, 4 }, new long[] { 22, 0, 5, 5, 11 } };
            string folder = OnnxTesting.TempFolder();
            try
            {
                string path = Path.Combine(folder, "characters.onnx");
                model.ExportOnnx(path, withState: true);
                long[][] expected = RuntimeGreedy(model, prompts);
                long[][] actual = OnnxGreedy(path, prompts);
                Assert.Equal(expected, actual);
                Assert.True(expected.SelectMany(row => row).Distinct().Count() > 3, "the test needs a model that does not repeat one token");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void A_language_models_default_export_is_the_stateful_graph_and_generates_what_Generate_writes()
        {
            using var model = new OnnxCharacterModel(seed: 9);
            Assert.True(model.IsLanguageModel);
            long[][] prompts = { new long[] { 5, 2, 17, 9 }, new long[] { 0, 13, 13, 6 }, new long[] { 21, 8, 3, 1 } };
            string folder = OnnxTesting.TempFolder();
            try
            {
                string path = Path.Combine(folder, "default.onnx");
                model.ExportOnnx(path);
                using (var session = new InferenceSession(path))
                {
                    Assert.Equal(new[] { "input", "state.lstm.h", "state.lstm.c", "state.gru.h" }, session.InputNames);
                    Assert.Equal(new[] { "output", "final_state.lstm.h", "final_state.lstm.c", "final_state.gru.h" }, session.OutputNames);
                }
                string stateful = Path.Combine(folder, "stateful.onnx");
                model.ExportOnnx(stateful, withState: true);
                Assert.Equal(File.ReadAllBytes(stateful), File.ReadAllBytes(path));

                long[][] onnx = OnnxGreedy(path, prompts);
                long[][] generated = model.Generate(prompts, NewTokens, Sampling.Greedy);
                Assert.Equal(generated, onnx);
                Assert.Equal(model.Generate(prompts[1], NewTokens, Sampling.Greedy), onnx[1]);
                Assert.True(generated.SelectMany(row => row).Distinct().Count() > 3, "the test needs a model that does not repeat one token");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void A_language_model_exports_its_plain_graph_with_withState_false_and_other_models_keep_theirs()
        {
            using var languageModel = new OnnxCharacterModel(seed: 2);
            using var classifier = new OnnxDecoderShapedClassifier(seed: 2);
            Assert.False(classifier.IsLanguageModel);
            string folder = OnnxTesting.TempFolder();
            try
            {
                string plain = Path.Combine(folder, "plain.onnx");
                languageModel.ExportOnnx(plain, withState: false);
                using (var session = new InferenceSession(plain))
                {
                    Assert.Equal(new[] { "input" }, session.InputNames);
                    Assert.Equal(new[] { "output" }, session.OutputNames);
                }
                string byDefault = Path.Combine(folder, "classifier.onnx"), withoutState = Path.Combine(folder, "classifier-plain.onnx");
                classifier.ExportOnnx(byDefault);
                classifier.ExportOnnx(withoutState, withState: false);
                Assert.Equal(File.ReadAllBytes(withoutState), File.ReadAllBytes(byDefault));
                using (var session = new InferenceSession(byDefault)) Assert.Equal(new[] { "input" }, session.InputNames);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>The runtime's greedy decoding: the prompts once, then one step per token from the carried state.</summary>
        private static long[][] RuntimeGreedy(OnnxCharacterModel model, long[][] prompts)
        {
            using var scope = NewDisposeScope();
            var rows = prompts.Select(_ => new List<long>()).ToArray();
            var input = tensor(prompts.SelectMany(p => p).ToArray(), new long[] { prompts.Length, prompts[0].Length });
            OnnxCharacterModel.State? state = null;
            for (int step = 0; step < NewTokens; step++)
            {
                var (output, next) = model.ForwardWithState(input, state);
                var picked = output.detach().select(1, -1).argmax(-1);
                for (int row = 0; row < rows.Length; row++) rows[row].Add(picked[row].item<long>());
                input = picked.unsqueeze(1);
                state = next;
            }
            return rows.Select(row => row.ToArray()).ToArray();
        }

        /// <summary>
        /// Greedy decoding with ONNX Runtime only, as the README's sketch: zero states, the prompts, then each picked token
        /// as a [batch, 1] input with every <c>final_state.*</c> output fed back as the <c>state.*</c> input of that name.
        /// </summary>
        private static long[][] OnnxGreedy(string path, long[][] prompts)
        {
            using var session = new InferenceSession(path);
            int batch = prompts.Length;
            var stateNames = session.InputNames.Where(name => name.StartsWith("state.", StringComparison.Ordinal)).ToArray();
            var state = stateNames.ToDictionary(name => name, name =>
                OrtValue.CreateTensorValueFromMemory(new float[batch * session.InputMetadata[name].Dimensions[1]],
                    new long[] { batch, session.InputMetadata[name].Dimensions[1] }));
            var rows = prompts.Select(_ => new List<long>()).ToArray();
            long[] ids = prompts.SelectMany(p => p).ToArray();
            long time = prompts[0].Length;
            var outputNames = new[] { "output" }.Concat(stateNames.Select(name => "final_" + name)).ToArray();
            using var options = new RunOptions();
            try
            {
                for (int step = 0; step < NewTokens; step++)
                {
                    using var input = OrtValue.CreateTensorValueFromMemory(ids, new[] { batch, time });
                    var inputs = new[] { input }.Concat(stateNames.Select(name => state[name])).ToArray();
                    using var outputs = session.Run(options, new[] { "input" }.Concat(stateNames).ToArray(), inputs, outputNames);
                    var scores = outputs[0].GetTensorDataAsSpan<float>(); // [batch, time, vocabulary]
                    ids = new long[batch];
                    for (int row = 0; row < batch; row++)
                    {
                        ids[row] = ArgMax(scores.Slice((int)((row * time + time - 1) * Vocabulary), Vocabulary));
                        rows[row].Add(ids[row]);
                    }
                    time = 1;
                    for (int i = 0; i < stateNames.Length; i++)
                    {
                        state[stateNames[i]].Dispose();
                        var final = outputs[1 + i];
                        state[stateNames[i]] = OrtValue.CreateTensorValueFromMemory(final.GetTensorDataAsSpan<float>().ToArray(), final.GetTensorTypeAndShape().Shape);
                    }
                }
            }
            finally
            {
                foreach (var value in state.Values) value.Dispose();
            }
            return rows.Select(row => row.ToArray()).ToArray();
        }

        private static long ArgMax(ReadOnlySpan<float> scores)
        {
            int best = 0;
            for (int i = 1; i < scores.Length; i++) if (scores[i] > scores[best]) best = i;
            return best;
        }
    }
}
