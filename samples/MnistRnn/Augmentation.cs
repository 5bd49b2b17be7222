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
    }
}
