using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Rnn.Runtime.Tests.LayerModules;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Onnx
{
    /// <summary>A generated token-input model: ids → Embedding(MaskZero) → bidirectional Gru → Dense.</summary>
    [Input(Dim.Variable)]
    [Embedding(50, 8, MaskZero = true)]
    [Gru(6, Bidirectional = true)]
    [Dense(3)]
    public partial class GeneratedTokenModel { }

    /// <summary>
    /// Models built by the generator (the MNIST sample's four and a token-input model declared here) export to ONNX, and
    /// ONNX Runtime gives their <c>Forward</c> in evaluation mode within 1e-4.
    /// </summary>
    public class GeneratedModelOnnxTests
    {
        private const double Tolerance = 1e-4;

        private static readonly Dictionary<string, Func<RnnModel>> Mnist = new()
        {
            ["MnistRnn"] = () => new MnistSample.MnistRnn(3),
            ["MnistLstm"] = () => new MnistSample.MnistLstm(3),
            ["MnistGru"] = () => new MnistSample.MnistGru(3),
            ["MnistStacked"] = () => new MnistSample.MnistStacked(3),
        };

        public static IEnumerable<object[]> MnistModels() => Mnist.Keys.Select(name => new object[] { name });

        [Theory]
        [MemberData(nameof(MnistModels))]
        public void The_generated_MNIST_sample_models_run_in_OnnxRuntime_as_in_TorchSharp(string name)
        {
            using var model = Mnist[name]();
            string folder = OnnxTesting.TempFolder();
            try
            {
                string path = Path.Combine(folder, name + ".onnx");
                model.ExportOnnx(path);
                using var session = new InferenceSession(path);
                using var g = LayerTesting.Seeded(11);
                foreach (long batch in new long[] { 1, 5 })
                {
                    using var scope = NewDisposeScope();
                    var x = rand(new[] { batch, 28, 28 }, generator: g);
                    var expected = OnnxTesting.Forward(model, x);
                    var actual = OnnxTesting.Run(session, x);
                    Assert.Equal(new[] { batch, 10L }, actual.shape);
                    Assert.Equal(expected.shape, actual.shape);
                    double difference = LayerTesting.MaxDifference(expected, actual);
                    Assert.True(difference <= Tolerance, $"{name} at batch {batch}: max |difference| {difference:G3}");
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void A_generated_token_model_with_a_zero_mask_and_a_bidirectional_Gru_runs_in_OnnxRuntime_as_in_TorchSharp()
        {
            using var model = new GeneratedTokenModel(5);
            Assert.True(model.InputIsTokens);
            string folder = OnnxTesting.TempFolder();
            try
            {
                string path = Path.Combine(folder, "tokens.onnx");
                model.ExportOnnx(path);
                using var session = new InferenceSession(path);
                var random = new Random(20261127);
                foreach (var (batch, time) in new (int, int)[] { (1, 4), (4, 9), (3, 1) })
                {
                    using var scope = NewDisposeScope();
                    var x = RightPaddedIds(random, batch, time);
                    var expected = OnnxTesting.Forward(model, x);
                    var actual = OnnxTesting.Run(session, x);
                    Assert.Equal(new[] { (long)batch, 3L }, actual.shape);
                    double difference = LayerTesting.MaxDifference(expected, actual);
                    Assert.True(difference <= Tolerance, $"[{batch}, {time}]: max |difference| {difference:G3}");
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>Ids in 1..49, each row after the first cut to a random length in [1, time] and right-padded with 0.</summary>
        private static Tensor RightPaddedIds(Random random, int batch, int time)
        {
            var ids = new long[batch * time];
            for (int b = 0; b < batch; b++)
            {
                int length = b == 0 ? time : random.Next(1, time + 1);
                for (int t = 0; t < length; t++) ids[b * time + t] = random.Next(1, 50);
            }
            return tensor(ids, new long[] { batch, time });
        }
    }
}
