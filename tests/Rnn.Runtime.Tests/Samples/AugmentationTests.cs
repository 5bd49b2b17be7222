using MnistSample;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Samples
{
    public class AugmentationTests
    {
        [Fact]
        public void Shifted_copies_follow_the_originals_with_their_labels()
        {
            NativeSetup.EnsureLoaded();
            using var scope = NewDisposeScope();
            var images = zeros(2, 28, 28);
            images[0, 10, 12] = tensor(1f);
            images[1, 5, 20] = tensor(0.5f);
            var labels = tensor(new long[] { 3, 7 });

            var (x, y) = Augmentation.WithShiftedCopies(images, labels);

            Assert.Equal(new long[] { 10, 28, 28 }, x.shape);
            Assert.Equal(new long[] { 3, 7, 3, 7, 3, 7, 3, 7, 3, 7 }, y.data<long>().ToArray());
            Assert.Equal(1f, x[0, 10, 12].item<float>());
            Assert.Equal(1f, x[2, 12, 12].item<float>());  // down 2
            Assert.Equal(1f, x[4, 8, 12].item<float>());   // up 2
            Assert.Equal(1f, x[6, 10, 14].item<float>());  // right 2
            Assert.Equal(1f, x[8, 10, 10].item<float>());  // left 2
            Assert.Equal(0.5f, x[9, 5, 18].item<float>());
            for (int i = 0; i < 10; i++) Assert.Equal(images[i % 2].sum().item<float>(), x[i].sum().item<float>());
        }

        [Fact]
        public void Copies_can_be_shifted_by_one_pixel()
        {
            NativeSetup.EnsureLoaded();
            using var scope = NewDisposeScope();
            var images = zeros(1, 28, 28);
            images[0, 10, 12] = tensor(1f);
            var labels = tensor(new long[] { 4 });

            var (x, y) = Augmentation.WithShiftedCopies(images, labels, pixels: 1);

            Assert.Equal(new long[] { 5, 28, 28 }, x.shape);
            Assert.Equal(new long[] { 4, 4, 4, 4, 4 }, y.data<long>().ToArray());
            Assert.Equal(1f, x[1, 11, 12].item<float>()); // down 1
            Assert.Equal(1f, x[2, 9, 12].item<float>());  // up 1
            Assert.Equal(1f, x[3, 10, 13].item<float>()); // right 1
            Assert.Equal(1f, x[4, 10, 11].item<float>()); // left 1
            for (int i = 0; i < 5; i++) Assert.Equal(1f, x[i].sum().item<float>());
        }
    }
}
