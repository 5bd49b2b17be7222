using System.Linq;
using Rnn.Runtime.Tests.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Devices
{
    /// <summary>
    /// Moving a trained model and its data. Without a GPU, the moves go to TorchSharp's meta device (shapes without
    /// values) and through a dtype round trip, which take the same path as a move to CUDA: TorchSharp moves the
    /// weights, and Rnn rebuilds the optimizer on them with its state.
    /// </summary>
    public sealed class MovingTests
    {
        private static RnnOptimizer OptimizerOf(RnnModel model) => model.CompiledSetup().GetOptimizer(model);

        private static RnnModel NewModel(string kind) => kind switch
        {
            "rnn" => new MnistSample.MnistRnn(seed: 1),
            "lstm" => new MnistSample.MnistLstm(seed: 1),
            "gru" => new MnistSample.MnistGru(seed: 1),
            _ => new MnistSample.MnistStacked(seed: 1),
        };

        [Theory]
        [InlineData("rnn")]
        [InlineData("lstm")]
        [InlineData("gru")]
        [InlineData("stacked")]
        public void Moving_a_trained_model_moves_every_weight_and_the_optimizer_state_with_them(string kind)
        {
            using var model = NewModel(kind);
            var (x, y) = TestData.Random(16, timesteps: 28);
            model.Fit(x, y, epochs: 1, batchSize: 8, seed: 1, verbose: 0); // Adam's moments, its step count and gradients exist now
            var names = model.named_parameters().Select(p => p.name).ToList();
            long steps = OptimizerOf(model).Iterations;

            model.to(META); // TorchSharp's own move, as model.To(ComputeDevice.Cuda) makes with a GPU

            var optimizer = OptimizerOf(model);
            Assert.Equal(names, model.named_parameters().Select(p => p.name)); // a recurrent layer keeps its weights
            Assert.All(model.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
            Assert.All(optimizer.State, s => Assert.Equal(DeviceType.META, s.Value.device_type));
            Assert.Equal(names.Count * 2, optimizer.State.Count); // m and v of every parameter
            Assert.Equal(steps, optimizer.Iterations);
        }

        [Fact]
        public void A_moved_model_trains_on_as_if_it_had_never_moved()
        {
            var (x, y) = TestData.Random(16);
            using var moved = new TestRnn(units: 8, seed: 1);
            using var stayed = new TestRnn(units: 8, seed: 1);
            foreach (var model in new RnnModel[] { moved, stayed })
            {
                model.Compile(optimizer: Optimizers.Adam(1e-2));
                model.Fit(x, y, epochs: 1, batchSize: 4, seed: 1, verbose: 0);
            }
            moved.LearningRate = 5e-3;
            stayed.LearningRate = 5e-3;

            moved.to(ScalarType.Float64); // a round trip through another dtype: the state is rebuilt twice
            Assert.All(OptimizerOf(moved).State, s => Assert.Equal(ScalarType.Float64, s.Value.dtype));
            moved.to(ScalarType.Float32);

            Assert.Equal(OptimizerOf(stayed).Iterations, OptimizerOf(moved).Iterations);
            Assert.Equal(5e-3, moved.LearningRate);
            Assert.All(OptimizerOf(moved).State.Zip(OptimizerOf(stayed).State), pair =>
            {
                Assert.Equal(pair.Second.Name, pair.First.Name);
                Assert.True(pair.First.Value.eq(pair.Second.Value).all().item<bool>(), pair.First.Name);
            });
            var movedLoss = moved.Fit(x, y, epochs: 1, batchSize: 4, seed: 2, verbose: 0)["loss"];
            var stayedLoss = stayed.Fit(x, y, epochs: 1, batchSize: 4, seed: 2, verbose: 0)["loss"];
            Assert.Equal(stayedLoss, movedLoss);
            Assert.All(moved.parameters().Zip(stayed.parameters()), pair => Assert.True(pair.First.eq(pair.Second).all().item<bool>()));
        }

        [Fact]
        public void Data_already_on_the_models_device_is_used_where_it_is()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(12);
            using var data = TrainingData.Prepare(model, model.CompiledSetup().Loss, "test", x, y, "x", "y");

            using var placed = data.Placed(CPU);

            placed.Inputs[0][0, 0, 0] = tensor(42f); // not copied: the user's tensors are the ones trained on
            placed.Targets[0] = tensor(9L);
            Assert.Equal(42f, x[0, 0, 0].item<float>());
            Assert.Equal(9L, y[0].item<long>());
            Assert.Same(x, DeviceTransfer.To(x, CPU)); // nor is a batch
        }

        [Fact]
        public void A_set_elsewhere_is_copied_to_the_models_device_once_when_it_fits()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            var (x, y) = TestData.Random(12);
            using var data = TrainingData.Prepare(model, model.CompiledSetup().Loss, "test", x, y, "x", "y");

            using var placed = data.Placed(META);

            Assert.Equal(DeviceType.META, placed.Inputs[0].device_type);
            Assert.Equal(DeviceType.META, placed.Targets.device_type);
            Assert.Equal(x.shape, placed.Inputs[0].shape);
            Assert.Equal(DeviceType.META, DeviceTransfer.To(x, META).device_type);
        }

        [Fact]
        public void A_set_too_large_to_copy_whole_stays_and_goes_batch_by_batch()
        {
            using var model = new TestRnn(units: 8, seed: 1);
            long samples = DeviceTransfer.WholeSetBytes / (4 * 28 * sizeof(float)) + 1; // one sample more than the limit holds
            using var x = zeros(1, 4, 28).expand(samples, 4, 28); // no memory behind the samples
            using var y = zeros(new long[] { 1 }, ScalarType.Int64).expand(samples);
            using var data = TrainingData.Prepare(model, model.CompiledSetup().Loss, "test", x, y, "x", "y");

            Assert.False(DeviceTransfer.FitsWhole(data.Inputs, data.Targets));
            using var placed = data.Placed(META);

            Assert.Equal(DeviceType.CPU, placed.Inputs[0].device_type);
        }
    }
}
