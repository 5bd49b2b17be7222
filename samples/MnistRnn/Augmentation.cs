using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistSample
{
    /// <summary>Data augmentation for small digit sets: shifted copies teach the model that position does not matter.</summary>
    public static class Augmentation
    {
        /// <summary>
        /// The images followed by four copies shifted by <paramref name="pixels"/> pixels (down, up, right, left), with
        /// their labels: [n, 28, 28] → [5n, 28, 28]. MNIST digits have a blank border of four pixels, so nothing of a digit
        /// is cut off by shifts of up to four pixels.
        /// </summary>
        public static (Tensor Images, Tensor Labels) WithShiftedCopies(Tensor images, Tensor labels, long pixels = 2)
        {
            var shifts = new (long Rows, long Columns)[] { (pixels, 0), (-pixels, 0), (0, pixels), (0, -pixels) };
            var copies = new System.Collections.Generic.List<Tensor> { images };
            foreach (var (rows, columns) in shifts)
                copies.Add(images.roll(new[] { rows, columns }, new long[] { 1, 2 }));
            var labelCopies = new Tensor[copies.Count];
            System.Array.Fill(labelCopies, labels);
            return (cat(copies, 0), cat(labelCopies, 0));
        }

        /// <summary>
        /// Each image warped by its own random affine map (rotation, scale, shear and shift drawn uniformly within
        /// <paramref name="limits"/>), sampled bilinearly with blank outside the image: [n, h, w] → [n, h, w]. It runs
        /// on the images' device (a GPU's too); the draws are made on the CPU from <paramref name="generator"/> and moved
        /// there, so a device sees the same distortions as the CPU.
        /// </summary>
        /// <param name="images">Grey-scale images [n, h, w], float32.</param>
        /// <param name="limits">The largest distortion of each kind.</param>
        /// <param name="generator">The source of the random draws; the same generator state gives the same images.</param>
        public static Tensor RandomDistortions(Tensor images, Distortion limits, Generator generator)
        {
            var distorted = empty_like(images);
            RandomDistortions(images, limits, generator, distorted);
            return distorted;
        }

        /// <summary>
        /// As <see cref="RandomDistortions(Tensor, Distortion, Generator)"/>, written into <paramref name="into"/>, a tensor
        /// shaped like <paramref name="images"/> (e.g. part of a buffer that is reused every epoch).
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="into"/> is not shaped like <paramref name="images"/>.</exception>
        public static void RandomDistortions(Tensor images, Distortion limits, Generator generator, Tensor into)
        {
            long n = images.size(0), height = images.size(1), width = images.size(2);
            if (into.Dimensions != 3 || into.size(0) != n || into.size(1) != height || into.size(2) != width)
                throw new ArgumentException($"The distorted images need a tensor [{n}, {height}, {width}] like the images.", nameof(into));
            using var scope = NewDisposeScope();
            var device = images.device;
            var (angle, scale, shear, shiftX, shiftY) = Draw(n, height, width, limits, generator);
            if (device.type != DeviceType.CPU)
                (angle, scale, shear, shiftX, shiftY) = (angle.to(device), scale.to(device), shear.to(device), shiftX.to(device), shiftY.to(device));
            // grid_sample's map from each output pixel to where it samples the input, in [-1, 1] coordinates:
            // x' = cos/s·x + (shear − sin/s)·y + shiftX, y' = sin/s·x + cos/s·y + shiftY.
            var cos = angle.cos().div_(scale);
            var sin = angle.sin().div_(scale);
            var shearMinusSin = shear.sub_(sin);
            var xs = PixelCentres(width, device).view(1, 1, width);
            var ys = PixelCentres(height, device).view(1, height, 1);
            using var one = 1.ToScalar();
            // In chunks: whole-set temporaries (tens of MB) are mapped fresh from the kernel on every allocation, and
            // touching their new pages cost 10x the arithmetic here (300-470 ms against 25 ms per 7,600 digits). Tensor
            // additions get an explicit alpha, and the grid is filled in place: add's default alpha and stack would leave
            // objects to the finalizer.
            for (long start = 0; start < n; start += Chunk)
            {
                using var chunkScope = NewDisposeScope();
                long count = Math.Min(Chunk, n - start);
                Tensor Part(Tensor values) => values.narrow(0, start, count).view(count, 1, 1);
                var grid = empty(new[] { count, height, width, 2 }, device: device);
                grid.select(3, 0).copy_(Part(cos).mul(xs).add(Part(shearMinusSin).mul(ys), one).add_(Part(shiftX), one));
                grid.select(3, 1).copy_(Part(sin).mul(xs).add(Part(cos).mul(ys), one).add_(Part(shiftY), one));
                var warped = nn.functional.grid_sample(images.narrow(0, start, count).unsqueeze(1), grid, GridSampleMode.Bilinear,
                    GridSamplePaddingMode.Zeros, align_corners: false);
                into.narrow(0, start, count).copy_(warped.squeeze(1));
            }
        }

        /// <summary>
        /// Draws from <paramref name="generator"/> what <see cref="RandomDistortions(Tensor, Distortion, Generator, Tensor)"/>
        /// draws for <paramref name="images"/>, and drops it: the generator ends where that call leaves it, without the
        /// work of distorting.
        /// </summary>
        public static void SkipDistortions(Tensor images, Distortion limits, Generator generator)
        {
            using var scope = NewDisposeScope();
            Draw(images.size(0), images.size(1), images.size(2), limits, generator);
        }

        /// <summary>Each image's rotation (radians), scale, shear and shifts (in [-1, 1] coordinates), in the order they are drawn.</summary>
        private static (Tensor Angle, Tensor Scale, Tensor Shear, Tensor ShiftX, Tensor ShiftY) Draw(long n, long height, long width,
            Distortion limits, Generator generator)
        {
            double radians = limits.RotationDegrees * Math.PI / 180;
            // Drawn with uniform_'s double bounds: Tensor-Scalar arithmetic would leave a Scalar to the finalizer per op.
            return (empty(n).uniform_(-radians, radians, generator),
                empty(n).uniform_(1 - limits.Scale, 1 + limits.Scale, generator),
                empty(n).uniform_(-limits.Shear, limits.Shear, generator),
                empty(n).uniform_(-limits.ShiftPixels * 2 / width, limits.ShiftPixels * 2 / width, generator),
                empty(n).uniform_(-limits.ShiftPixels * 2 / height, limits.ShiftPixels * 2 / height, generator));
        }

        /// <summary>Images distorted at a time.</summary>
        private const long Chunk = 512;

        /// <summary>The centres of <paramref name="count"/> pixels in grid_sample's [-1, 1] coordinates (align_corners false).</summary>
        private static Tensor PixelCentres(long count, Device device) =>
            tensor(Enumerable.Range(0, (int)count).Select(k => (2f * k + 1) / count - 1).ToArray(), device: device);
    }
}
