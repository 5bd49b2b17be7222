using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rnn;
using Rnn.IO;
using Rnn.Runtime.Tests.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.IO
{
    public sealed class WeightsTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-weights-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        /// <summary>The same layers as <see cref="TestRnn"/>, but another model type.</summary>
        private sealed class TwinRnn : RnnModel
        {
            private readonly Modules.SimpleRnn simple_rnn;
            private readonly Modules.Dense dense;

            public TwinRnn(int units) : base("twin_rnn")
            {
                simple_rnn = new Modules.SimpleRnn("simple_rnn", 28, units, Activation.Relu, returnSequences: false, bidirectional: false, MergeMode.Concat, dropout: 0, null);
                dense = new Modules.Dense("dense", units, 10, Activation.None, null);
                RegisterComponents();
            }

            public override Tensor Forward(Tensor input) => dense.Forward(simple_rnn.Forward(input, null).Output, null).Output;

            public override string Summary() => "twin_rnn";
        }

        /// <summary>A model with a buffer besides its parameters, optionally a second one.</summary>
        private sealed class BufferedModel : RnnModel
        {
            private readonly Modules.Dense dense;

            public BufferedModel(float fill, bool extraBuffer = false) : base("buffered")
            {
                dense = new Modules.Dense("dense", 28, 4, Activation.None, null);
                RegisterComponents();
                register_buffer("scale", full(new long[] { 4 }, fill));
                if (extraBuffer) register_buffer("steps", tensor(new long[] { 7 }));
            }

            public override Tensor Forward(Tensor input) => dense.Forward(input, null).Output;

            public override string Summary() => "buffered";
        }

        private static Dictionary<string, Tensor> Snapshot(nn.Module model) =>
            model.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone());

        private static void AssertUnchanged(Dictionary<string, Tensor> before, nn.Module model)
        {
            var after = model.state_dict();
            Assert.Equal(before.Keys, after.Keys);
            foreach (var (name, tensor) in before) Assert.True(Same(tensor, after[name]), $"{name} changed");
        }

        private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

        private string Saved(RnnModel model, string name = "model.weights")
        {
            string path = Path.Combine(_dir, name);
            model.SaveWeights(path);
            return path;
        }

        /// <summary>A model whose buffer is a transposed view: not contiguous, so its values cannot be written as bytes.</summary>
        private sealed class TransposedBufferModel : RnnModel
        {
            public TransposedBufferModel(long start) : base("transposed")
            {
                register_buffer("grid", arange(start, start + 6, ScalarType.Float32).reshape(2, 3).t());
            }

            public override Tensor Forward(Tensor input) => input;

            public override string Summary() => "transposed";
        }

        [Theory]
        [InlineData("model.weights")]
        [InlineData("model.pt")]
        [InlineData("model.safetensors")]
        public void A_non_contiguous_tensor_loads_with_its_values_in_place(string file)
        {
            using var saved = new TransposedBufferModel(start: 0);
            string path = Saved(saved, file);
            using var model = new TransposedBufferModel(start: 100);
            model.LoadWeights(path);
            var grid = model.state_dict()["grid"];
            Assert.False(grid.is_contiguous());
            Assert.True(Same(saved.state_dict()["grid"], grid));
        }

        [Fact]
        public void Weights_round_trip_and_give_the_same_predictions()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            string path = Saved(model);
            using var restored = new TestRnn(units: 8, seed: 2);
            var (x, _) = TestData.Random(6);
            using (var before = restored.Predict(x))
            using (var expected = model.Predict(x))
                Assert.False(expected.allclose(before)); // different seeds: the load below has something to do

            restored.LoadWeights(path);

            using var actual = restored.Predict(x);
            using var wanted = model.Predict(x);
            Assert.True(Same(wanted, actual));
            Assert.Equal(new[] { "model.weights" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
        }

        [Fact]
        public void Buffers_are_saved_and_loaded_with_the_parameters()
        {
            using var model = new BufferedModel(fill: 3);
            string path = Saved(model);
            using var restored = new BufferedModel(fill: 0);
            restored.LoadWeights(path);
            Assert.Contains("scale", restored.state_dict().Keys);
            Assert.True(Same(restored.state_dict()["scale"], full(new long[] { 4 }, 3f)));
            Assert.True(Same(restored.state_dict()["dense.weight"], model.state_dict()["dense.weight"]));
        }

        [Fact]
        public void A_later_layer_of_another_size_leaves_the_model_unchanged_and_names_the_tensor()
        {
            // model.load copies simple_rnn's tensors and then fails at dense: a half-loaded model. LoadWeights copies nothing.
            using var small = new TestRnn(units: 8, seed: 1, classes: 10);
            string path = Saved(small);
            using var model = new TestRnn(units: 8, seed: 2, classes: 5);
            var before = Snapshot(model);

            var e = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));

            Assert.Equal($"The weights file '{path}' does not fit the model: tensor 'dense.weight': expected [5, 8] Float32, found [10, 8] Float32.", e.Message);
            AssertUnchanged(before, model);
        }

        [Fact]
        public void A_first_layer_of_another_size_is_named_with_expected_and_found_shapes()
        {
            using var small = new TestRnn(units: 8, seed: 1);
            string path = Saved(small);
            using var model = new TestRnn(units: 16, seed: 2);
            var before = Snapshot(model);

            var e = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));

            Assert.Contains($"'{path}' does not fit the model: tensor 'simple_rnn.weight_ih_l0': expected [16, 28] Float32, found [8, 28] Float32", e.Message);
            AssertUnchanged(before, model);
        }

        [Fact]
        public void Missing_and_extra_tensors_are_named()
        {
            using var withExtra = new BufferedModel(fill: 1, extraBuffer: true);
            using var plain = new BufferedModel(fill: 2);
            string extraPath = Saved(withExtra, "extra.weights");
            string plainPath = Saved(plain, "plain.weights");
            var beforePlain = Snapshot(plain);
            var beforeExtra = Snapshot(withExtra);

            var extra = Assert.Throws<InvalidDataException>(() => plain.LoadWeights(extraPath));
            Assert.Contains("tensor 'steps': expected no such tensor, found [1] Int64", extra.Message);
            var missing = Assert.Throws<InvalidDataException>(() => withExtra.LoadWeights(plainPath));
            Assert.Contains("tensor 'steps': expected [1] Int64, found no such tensor in the file", missing.Message);

            AssertUnchanged(beforePlain, plain);
            AssertUnchanged(beforeExtra, withExtra);
        }

        [Fact]
        public void Another_model_type_gets_its_own_message()
        {
            using var twin = new TwinRnn(units: 8);
            string path = Saved(twin);
            using var model = new TestRnn(units: 8, seed: 2);
            var before = Snapshot(model);

            var e = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));

            Assert.Contains($"'{path}' holds the weights of a different model type, '{typeof(TwinRnn).FullName}', not of '{typeof(TestRnn).FullName}'", e.Message);
            AssertUnchanged(before, model);
        }

        [Theory]
        [InlineData(4)]      // inside the signature
        [InlineData(30)]     // inside the header
        [InlineData(500)]    // inside the first tensor's values
        [InlineData(-33)]    // just before the file checksum
        [InlineData(-1)]     // inside the file checksum
        public void A_truncated_file_is_reported_as_truncated(int cut)
        {
            using var source = new TestRnn(units: 8, seed: 1);
            string path = Saved(source);
            byte[] bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(cut >= 0 ? cut : bytes.Length + cut)]);
            using var model = new TestRnn(units: 8, seed: 2);
            var before = Snapshot(model);

            var e = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));

            Assert.StartsWith($"The weights file '{path}' is truncated", e.Message);
            AssertUnchanged(before, model);
        }

        [Fact]
        public void Trailing_bytes_are_reported_as_such()
        {
            using var source = new TestRnn(units: 8, seed: 1);
            string path = Saved(source);
            File.AppendAllText(path, "more");
            using var model = new TestRnn(units: 8, seed: 2);
            var before = Snapshot(model);

            var e = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));

            Assert.StartsWith($"The weights file '{path}' has 4 unexpected bytes after the end of the weights", e.Message);
            AssertUnchanged(before, model);
        }

        [Fact]
        public void Twenty_flipped_bytes_in_the_values_are_detected_and_the_tensor_named()
        {
            using var source = new TestRnn(units: 8, seed: 1);
            string path = Saved(source);
            byte[] bytes = File.ReadAllBytes(path);
            // The last tensor is dense.bias: 10 floats, right before the 32-byte file checksum.
            for (int i = bytes.Length - 32 - 40; i < bytes.Length - 32 - 20; i++) bytes[i] ^= 0x5A;
            File.WriteAllBytes(path, bytes);
            using var model = new TestRnn(units: 8, seed: 2);
            var before = Snapshot(model);

            var e = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));

            Assert.Equal($"The weights file '{path}' is corrupt: the values of tensor 'dense.bias' do not match their checksum.", e.Message);
            AssertUnchanged(before, model);
        }

        [Fact]
        public void A_changed_header_is_detected_as_corruption()
        {
            using var source = new TestRnn(units: 8, seed: 1);
            string path = Saved(source);
            byte[] bytes = File.ReadAllBytes(path);
            int typeName = System.Text.Encoding.ASCII.GetString(bytes).IndexOf("TestRnn", StringComparison.Ordinal);
            bytes[typeName] = (byte)'B'; // still a valid name: only the file checksum can tell
            File.WriteAllBytes(path, bytes);
            using var model = new TestRnn(units: 8, seed: 2);

            var e = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));

            Assert.StartsWith($"The weights file '{path}' is corrupt: the header", e.Message);
        }

        [Fact]
        public void A_TorchSharp_save_file_is_not_mistaken_for_a_weights_file()
        {
            using var source = new TestRnn(units: 8, seed: 1);
            string path = Path.Combine(_dir, "torchsharp.bin");
            source.save(path);
            using var model = new TestRnn(units: 8, seed: 2);

            var e = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));

            Assert.Contains($"'{path}' is not an Rnn weights file", e.Message);
            Assert.Contains("model.load(path)", e.Message);
            Assert.Throws<FileNotFoundException>(() => model.LoadWeights(Path.Combine(_dir, "missing.weights")));
        }

        [Fact]
        public void The_next_save_removes_temporary_files_an_interrupted_save_left_and_keeps_the_users_own()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            string path = Path.Combine(_dir, "model.weights");
            string crashed = AtomicFile.TemporaryPath(path, int.MaxValue);                              // no such process
            string live = AtomicFile.TemporaryPath(path, Environment.ProcessId);                        // a save in progress
            string otherTarget = AtomicFile.TemporaryPath(Path.Combine(_dir, "other.weights"), int.MaxValue);
            string users = Path.Combine(_dir, ".model.weights.backup.tmp");                             // not ours
            string older = Path.Combine(_dir, ".model.weights." + int.MaxValue + ".0123456789abcdef.tmp"); // no check: not provably ours
            foreach (string file in new[] { crashed, live, otherTarget, users, older }) File.WriteAllText(file, "partial");

            model.SaveWeights(path);

            Assert.Equal(new[] { live, path, otherTarget, users, older }.Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal),
                Directory.GetFiles(_dir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        }
    }
}
