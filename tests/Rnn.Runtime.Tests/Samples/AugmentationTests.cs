using System;
using MnistSample;
using TorchSharp;
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

        [Fact]
        public void Distortions_with_no_range_leave_the_images_as_they_are()
        {
            NativeSetup.EnsureLoaded();
            using var scope = NewDisposeScope();
            using var generator = new Generator(1);
            var images = rand(4, 28, 28, generator: generator);

            var same = Augmentation.RandomDistortions(images, new Distortion(0, 0, 0, 0), generator);

            Assert.Equal(images.shape, same.shape);
            Assert.True(same.allclose(images, rtol: 0, atol: 1e-5));
        }

        [Fact]
        public void Distortions_follow_the_generator_and_differ_per_image()
        {
            NativeSetup.EnsureLoaded();
            using var scope = NewDisposeScope();
            var images = zeros(2, 28, 28);
            images[.., 8..20, 12..16] = tensor(1f);  // the same bar in both images

            var a = Augmentation.RandomDistortions(images, Distortion.Default, new Generator(7));
            var b = Augmentation.RandomDistortions(images, Distortion.Default, new Generator(7));
            var c = Augmentation.RandomDistortions(images, Distortion.Default, new Generator(8));

            Assert.True(a.allclose(b, rtol: 0, atol: 0));
            Assert.False(a.allclose(c, rtol: 0, atol: 0));
            Assert.False(a[0].allclose(a[1]));  // each image draws its own distortion
            Assert.InRange(a.min().item<float>(), 0f, 1f);  // bilinear sampling mixes pixels and blank, nothing beyond
            Assert.InRange(a.max().item<float>(), 0f, 1f);
        }

        [Fact]
        public void A_shift_only_distortion_moves_a_digit_by_at_most_its_limit_and_keeps_its_ink()
        {
            NativeSetup.EnsureLoaded();
            using var scope = NewDisposeScope();
            var images = zeros(50, 28, 28);
            images[.., 12..16, 13..15] = tensor(1f);  // 16 pixels of ink around the centre (13.5, 13.5)
            var positions = arange(28, dtype: ScalarType.Float32);

            var moved = Augmentation.RandomDistortions(images, new Distortion(0, 0, 0, ShiftPixels: 2), new Generator(3));

            var ink = moved.sum(new long[] { 1, 2 });
            Assert.True(ink.allclose(full(50, 8f), rtol: 0, atol: 1e-3), "a pure shift away from the border keeps all the ink");
            var rows = (moved.sum(2) * positions).sum(1) / ink;
            var columns = (moved.sum(1) * positions).sum(1) / ink;
            foreach (var centre in new[] { rows, columns })
            {
                var offset = (centre - 13.5).abs();
                Assert.True(offset.max().item<float>() <= 2.0001f, $"moved by up to {offset.max().item<float>()} pixels");
                Assert.True(offset.max().item<float>() > 1f, "50 draws within ±2 pixels include some beyond 1");
            }
        }

        [Fact]
        public void Each_epoch_brings_the_originals_and_new_copies_the_same_whenever_it_is_made()
        {
            NativeSetup.EnsureLoaded();
            using var scope = NewDisposeScope();
            var images = rand(3, 28, 28);
            var labels = tensor(new long[] { 4, 1, 9 });
            using var epochs = new DistortedEpochs(images, labels, copies: 2, Distortion.Default, seed: 5);

            var (first, firstLabels) = epochs.For(0);
            Assert.Equal(new long[] { 9, 28, 28 }, first.shape);
            Assert.Equal(9, epochs.Count);
            Assert.Equal(new long[] { 4, 1, 9, 4, 1, 9, 4, 1, 9 }, firstLabels.data<long>().ToArray());
            Assert.True(first.narrow(0, 0, 3).allclose(images, rtol: 0, atol: 0));
            // The copies are those of one generator seeded with the seed, drawn copy after copy and epoch after epoch.
            using var generator = new Generator(5);
            Assert.True(first.narrow(0, 3, 3).allclose(Augmentation.RandomDistortions(images, Distortion.Default, generator), rtol: 0, atol: 0));
            Assert.True(first.narrow(0, 6, 3).allclose(Augmentation.RandomDistortions(images, Distortion.Default, generator), rtol: 0, atol: 0));
            var firstSet = first.clone();

            var second = epochs.For(1).Images.clone();
            Assert.True(second.narrow(0, 0, 3).allclose(images, rtol: 0, atol: 0));
            Assert.True(second.narrow(0, 3, 3).allclose(Augmentation.RandomDistortions(images, Distortion.Default, generator), rtol: 0, atol: 0));
            Assert.False(second.narrow(0, 3, 6).allclose(firstSet.narrow(0, 3, 6)), "the second epoch draws new distortions");

            // Out of turn (a resumed run starts at a later epoch; an earlier one is asked again): the same sets.
            using var resumed = new DistortedEpochs(images, labels, copies: 2, Distortion.Default, seed: 5);
            Assert.True(resumed.For(1).Images.allclose(second, rtol: 0, atol: 0));
            Assert.True(resumed.For(0).Images.allclose(firstSet, rtol: 0, atol: 0));
        }

        [Fact]
        public void Distorted_epochs_reject_no_copies_or_a_negative_epoch()
        {
            NativeSetup.EnsureLoaded();
            using var scope = NewDisposeScope();
            var images = zeros(1, 28, 28);
            var labels = tensor(new long[] { 0 });
            Assert.Throws<ArgumentOutOfRangeException>(() => new DistortedEpochs(images, labels, copies: 0, Distortion.Default, seed: 1));
            using var epochs = new DistortedEpochs(images, labels, copies: 1, Distortion.Default, seed: 1);
            Assert.Throws<ArgumentOutOfRangeException>(() => epochs.For(-1));
        }
    }
}
