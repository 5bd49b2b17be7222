using System;
using System.Collections.Generic;
using System.Linq;
using Rnn.IO;
using ScottPlot;

namespace Rnn
{
    public sealed partial class History
    {
        private const int PanelWidth = 480;
        private const int PanelHeight = 400;
        private const int PanelsPerRow = 3;
        private const int MaxPixels = 10_000;

        /// <summary>
        /// Draws the training curves to a PNG file, as the usual Keras plot of <c>history.history</c>: one panel per metric
        /// (<c>loss</c> first, then the others alphabetically), each with its <c>train</c> and <c>validation</c> values
        /// against the epoch (numbered from 1, as the progress bar prints it). The file is written atomically.
        /// </summary>
        /// <param name="path">The PNG file to write; its folder is created if needed.</param>
        /// <param name="width">The image width in pixels; by default 480 per panel, at most 3 panels per row.</param>
        /// <param name="height">The image height in pixels; by default 400 per row of panels.</param>
        /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is not 100 to 10,000.</exception>
        /// <exception cref="InvalidOperationException">No epoch was recorded, or the machine has no font to draw text with.</exception>
        public void Plot(string path, int? width = null, int? height = null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path);
            if (_epochs.Count == 0) throw new InvalidOperationException("History has no epochs to plot: Fit recorded none.");
            // Without a font SkiaSharp draws no text at all: a plot without labels or legend is not written.
            if (string.IsNullOrEmpty(Fonts.Default))
                throw new InvalidOperationException("History.Plot found no font to label the plot with. SkiaSharp looks for TrueType fonts " +
                    "under /usr/share/fonts on Linux; install one (Debian: apt-get install fonts-dejavu-core).");
            var panels = PanelMetrics();
            int columns = Math.Min(panels.Count, PanelsPerRow);
            int rows = (panels.Count + PanelsPerRow - 1) / PanelsPerRow;
            int w = CheckPixels(width ?? PanelWidth * columns, nameof(width));
            int h = CheckPixels(height ?? PanelHeight * rows, nameof(height));
            byte[] png = RenderPng(panels, rows, columns, w, h);
            AtomicFile.WriteStream(path, stream => stream.Write(png));
        }

        /// <summary>The metric names that get a panel: <c>loss</c> first, then the others; <c>val_x</c> is drawn in x's panel.</summary>
        private List<string> PanelMetrics() => _metrics.Keys
            .Select(k => k.StartsWith("val_", StringComparison.Ordinal) ? k.Substring(4) : k)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(k => k == "loss" ? 0 : 1).ThenBy(k => k, StringComparer.Ordinal)
            .ToList();

        private static int CheckPixels(int value, string name) => value is >= 100 and <= MaxPixels
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"History.Plot: {name} must be 100 to {MaxPixels:N0} pixels, but was {value}.");

        private byte[] RenderPng(List<string> panels, int rows, int columns, int width, int height)
        {
            var plots = panels.Select(CreatePanel).ToList();
            try
            {
                var figure = new Multiplot(plots[0]);
                foreach (var plot in plots.Skip(1)) figure.AddPlot(plot);
                figure.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
                using var image = figure.Render(width, height);
                return image.GetImageBytes(ImageFormat.Png);
            }
            finally
            {
                foreach (var plot in plots) plot.Dispose();
            }
        }

        private ScottPlot.Plot CreatePanel(string metric)
        {
            var plot = new ScottPlot.Plot();
            AddCurve(plot, metric, "train");
            AddCurve(plot, "val_" + metric, "validation");
            plot.Title(metric);
            plot.XLabel("Epoch");
            plot.YLabel(metric);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            plot.ShowLegend(Edge.Bottom);
            return plot;
        }

        /// <summary>Adds one line for <paramref name="key"/> if it was recorded; non-finite values (a diverged loss) are left out.</summary>
        private void AddCurve(ScottPlot.Plot plot, string key, string label)
        {
            if (!_metrics.TryGetValue(key, out var values)) return;
            var points = values.Select((v, i) => (Epoch: _epochs[i] + 1.0, Value: v)).Where(p => double.IsFinite(p.Value)).ToArray();
            var line = plot.Add.Scatter(points.Select(p => p.Epoch).ToArray(), points.Select(p => p.Value).ToArray());
            line.LegendText = label;
        }
    }
}
