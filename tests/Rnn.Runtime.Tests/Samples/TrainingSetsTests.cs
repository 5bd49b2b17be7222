using System.Linq;
using MnistSample;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Samples
{
    /// <summary>
    /// The MNIST sample's <see cref="TrainingSets"/>, the <see cref="DataSource"/> its one Fit call trains on: every
    /// --augment mode gives each epoch's set shuffled into batches, as a function of the seed and the epoch.
    /// </summary>
    public class TrainingSetsTests
    {
        [Theory]
        [InlineData("distort", 3 * 10)]
        [InlineData("shift", 5 * 10)]
        [InlineData("none", 10)]
        public void An_epochs_batches_are_its_set_in_the_order_of_the_seed_and_the_epoch(string augment, long count)
        {
            NativeSetup.EnsureLoaded();
            using var scope = NewDisposeScope();
            using var generator = new Generator(3);
            var images = rand(new long[] { 10, 28, 28 }, generator: generator);
            var labels = randint(0, 10, new long[] { 10 }, generator: generator);
            var options = new MnistOptions(Augment: augment, Copies: 2, BatchSize: 4, Seed: 7).WithModelDefaults();
            using var sets = TrainingSets.Create(options, images, labels);
            Assert.Equal(count, sets.Count);
            Assert.Equal((int)((count + 3) / 4), sets.BatchesPerEpoch);

            var (x, y) = Epoch(sets, 1);
            Assert.Equal(count, x.size(0));
            // Each epoch is shuffled by a generator seeded with seed + epoch: the originals are where that order puts them.
            using var epochGenerator = new Generator(7 + 1);
            using var order = randperm(count, generator: epochGenerator);
            var position = order.argsort();
            Assert.True(x.index_select(0, position.narrow(0, 0, 10)).allclose(images, rtol: 0, atol: 0));
            Assert.True(y.index_select(0, position).eq(labels.repeat(count / 10)).all().item<bool>());
            // The same batches whenever they are asked for, also after another epoch's.
            var again = Epoch(sets, 1);
            Assert.True(again.X.allclose(x, rtol: 0, atol: 0));
            Assert.True(again.Y.eq(y).all().item<bool>());
            Assert.False(Epoch(sets, 0).Y.eq(y).all().item<bool>(), "another epoch, another order");
        }

        [Fact]
        public void Fit_trains_on_the_sets_epoch_by_epoch()
        {
            NativeSetup.EnsureLoaded();
            using var scope = NewDisposeScope();
            using var generator = new Generator(3);
            var images = rand(new long[] { 24, 28, 28 }, generator: generator);
            var labels = randint(0, 10, new long[] { 24 }, generator: generator);
            var options = new MnistOptions(Copies: 1, BatchSize: 16).WithModelDefaults();
            using var sets = TrainingSets.Create(options, images, labels);
            using var model = new MnistSample.MnistRnn(1);
            var history = model.Fit(sets, epochs: 2, validationData: (images, labels), verbose: 0);
            Assert.Equal(new[] { 0, 1 }, history.Epochs);
            Assert.Equal(2, history["val_loss"].Count);
        }

        /// <summary>Epoch <paramref name="epoch"/>'s batches of <paramref name="sets"/>, joined.</summary>
        private static (Tensor X, Tensor Y) Epoch(TrainingSets sets, int epoch)
        {
            var batches = sets.Batches(epoch).ToList();
            Assert.Equal(sets.BatchesPerEpoch, batches.Count);
            return (cat(batches.Select(b => b.X).ToList(), 0), cat(batches.Select(b => b.Y).ToList(), 0));
        }
    }
}
