using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;

namespace G2PSample
{
    /// <summary>
    /// Draws one word's attention as a heat map with ScottPlot: the input letters along the bottom, the output phonemes
    /// down the left (the first at the top), each cell coloured by its weight on a fixed 0–1 scale, with a colour bar.
    /// </summary>
    public static class AttentionMap
    {
        /// <summary>The pixels per cell of the default size.</summary>
        public const int CellPixels = 40;

        /// <summary>The pixels the default size adds for the axes, their labels, the title and the colour bar (width).</summary>
        public const int MarginWidth = 220;

        /// <summary>The pixels the default size adds for the axes, their labels and the title (height).</summary>
        public const int MarginHeight = 140;

        private const int MinPixels = 100;
        private const int MaxPixels = 10_000;

        /// <summary>
        /// Writes the heat map of <paramref name="weights"/> [output step, input step] to a PNG file; by default each cell is
        /// <see cref="CellPixels"/> square, plus the margins (<see cref="MarginWidth"/>, <see cref="MarginHeight"/>).
        /// </summary>
        /// <param name="path">The PNG file to write; its folder is created if needed.</param>
        /// <param name="weights">The attention weights, one row per output phoneme, one column per input letter; finite, drawn on a 0–1 scale.</param>
        /// <param name="letters">The input letters, one per column.</param>
        /// <param name="phonemes">The output phonemes, one per row.</param>
        /// <param name="title">The title above the map, e.g. the word.</param>
        /// <param name="width">The image width in pixels, 100 to 10,000.</param>
        /// <param name="height">The image height in pixels, 100 to 10,000.</param>
        /// <exception cref="ArgumentException">The weights are empty or not finite, or the labels do not fit their shape.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A size is not 100 to 10,000 pixels.</exception>
        /// <exception cref="InvalidOperationException">The machine has no font to label the map with.</exception>
        public static void Write(string path, float[,] weights, IReadOnlyList<string> letters, IReadOnlyList<string> phonemes,
            string? title = null, int? width = null, int? height = null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            ArgumentNullException.ThrowIfNull(weights);
            ArgumentNullException.ThrowIfNull(letters);
            ArgumentNullException.ThrowIfNull(phonemes);
            CheckWeights(weights, letters.Count, phonemes.Count);
            int w = CheckPixels(width ?? MarginWidth + CellPixels * letters.Count, nameof(width));
            int h = CheckPixels(height ?? MarginHeight + CellPixels * phonemes.Count, nameof(height));
            // Without a font SkiaSharp draws no text: a map without its letters and phonemes is not written.
            if (string.IsNullOrEmpty(Fonts.Default))
                throw new InvalidOperationException("AttentionMap found no font to label the map with. SkiaSharp looks for TrueType fonts " +
                    "under /usr/share/fonts on Linux; install one (Debian: apt-get install fonts-dejavu-core).");
            byte[] png = RenderPng(weights, letters, phonemes, title, w, h);
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null) Directory.CreateDirectory(folder);
            File.WriteAllBytes(path, png);
        }

        private static void CheckWeights(float[,] weights, int letters, int phonemes)
        {
            int rows = weights.GetLength(0), columns = weights.GetLength(1);
            if (rows == 0 || columns == 0)
                throw new ArgumentException($"AttentionMap: the weights are empty ({rows} x {columns}).", nameof(weights));
            if (rows != phonemes || columns != letters)
                throw new ArgumentException($"AttentionMap: the weights are {rows} x {columns} [phonemes, letters], but there are {phonemes} phonemes and {letters} letters.", nameof(weights));
            foreach (float v in weights)
                if (!float.IsFinite(v)) throw new ArgumentException($"AttentionMap: the weights must be finite, but one is {v}.", nameof(weights));
        }

        private static int CheckPixels(int value, string name) => value is >= MinPixels and <= MaxPixels
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"AttentionMap: {name} must be {MinPixels} to {MaxPixels:N0} pixels, but was {value}.");

        private static byte[] RenderPng(float[,] weights, IReadOnlyList<string> letters, IReadOnlyList<string> phonemes, string? title, int width, int height)
        {
            int rows = phonemes.Count, columns = letters.Count;
            var intensities = new double[rows, columns];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++) intensities[r, c] = weights[r, c];
            using var plot = new Plot();
            var heatmap = plot.Add.Heatmap(intensities);
            // Cell (r, c) is centred on x = c, y = rows - 1 - r: row 0 (the first phoneme) at the top.
            heatmap.Rectangle = new CoordinateRect(-0.5, columns - 0.5, -0.5, rows - 0.5);
            heatmap.ManualRange = new ScottPlot.Range(0, 1);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            plot.Add.ColorBar(heatmap);
            plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns).Select(c => (double)c).ToArray(), letters.ToArray());
            plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(r => (double)(rows - 1 - r)).ToArray(), phonemes.ToArray());
            plot.HideGrid();
            plot.XLabel("input letters");
            plot.YLabel("output phonemes");
            if (title is not null) plot.Title(title);
            using var image = plot.GetImage(width, height);
            return image.GetImageBytes(ImageFormat.Png);
        }
    }
}
