using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rnn;
using SkiaSharp;
using Xunit;

namespace Rnn.Runtime.Tests.Training
{
    public sealed class HistoryPlotTests : IDisposable
    {
        private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-plot-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        /// <summary>The width and height of a PNG file, from its signature and IHDR chunk; throws if it is not a PNG.</summary>
        internal static (int Width, int Height) PngSize(byte[] png)
        {
            Assert.True(png.Length > 33, $"a PNG has at least 33 bytes, this has {png.Length}");
            Assert.Equal(PngSignature, png[..8]);
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
            return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        }

        [Fact]
        public void Plot_WritesAPng_OnePanelPerMetric_AtTheDefaultSize()
        {
            string path = Path.Combine(_dir, "plots", "training.png");

            HistoryExportTests.ThreeEpochs().Plot(path);

            byte[] png = File.ReadAllBytes(path);
            Assert.Equal((2 * 480, 400), PngSize(png)); // loss and accuracy panels, each with train and validation
            Assert.InRange(png.Length, 10_000, 2_000_000);
        }

        [Fact]
        public void Plot_DrawsTrainAndValidationLines_InEveryPanel()
        {
            string path = Path.Combine(_dir, "training.png");
            HistoryExportTests.ThreeEpochs().Plot(path, width: 1000, height: 400);

            using var bitmap = SKBitmap.Decode(path);
            Assert.Equal((1000, 400), (bitmap.Width, bitmap.Height));
            // ScottPlot's first two category colours: blue (train) and orange (validation), in the left and right panel.
            foreach (var (from, to) in new[] { (0, 500), (500, 1000) })
            {
                Assert.True(CountNear(bitmap, from, to, new SKColor(0x1F, 0x77, 0xB4)) > 100, $"no train line in x {from}..{to}");
                Assert.True(CountNear(bitmap, from, to, new SKColor(0xFF, 0x7F, 0x0E)) > 100, $"no validation line in x {from}..{to}");
            }
        }

        [Fact]
        public void Plot_WritesText_TitlesAboveThePanels()
        {
            string path = Path.Combine(_dir, "training.png");
            HistoryExportTests.ThreeEpochs().Plot(path, width: 1000, height: 400);

            using var bitmap = SKBitmap.Decode(path);
            // The strip above the panels' frames holds only the titles ("loss", "accuracy"): dark pixels there are text.
            foreach (var (from, to) in new[] { (0, 500), (500, 1000) })
            {
                int dark = 0;
                for (int y = 0; y < 30; y++)
                for (int x = from; x < to; x++)
                {
                    var p = bitmap.GetPixel(x, y);
                    if (p.Red + p.Green + p.Blue < 200) dark++;
                }
                Assert.True(dark > 30, $"no title text in x {from}..{to} ({dark} dark pixels); is a font installed?");
            }
        }

        private static int CountNear(SKBitmap bitmap, int fromX, int toX, SKColor color)
        {
            int count = 0;
            for (int y = 0; y < bitmap.Height; y++)
            for (int x = fromX; x < toX; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (Math.Abs(p.Red - color.Red) + Math.Abs(p.Green - color.Green) + Math.Abs(p.Blue - color.Blue) < 40) count++;
            }
            return count;
        }

        [Fact]
        public void Plot_WithOnlyLoss_HasOnePanel_AndSkipsNonFiniteValues()
        {
            var history = new History();
            history.Add(0, new Dictionary<string, double> { ["loss"] = 1.0 });
            history.Add(1, new Dictionary<string, double> { ["loss"] = double.PositiveInfinity });
            history.Add(2, new Dictionary<string, double> { ["loss"] = 0.5 });
            string path = Path.Combine(_dir, "loss.png");

            history.Plot(path);

            Assert.Equal((480, 400), PngSize(File.ReadAllBytes(path)));
        }

        [Fact]
        public void Plot_OfAnEmptyHistory_Throws_AndWritesNothing()
        {
            string path = Path.Combine(_dir, "empty.png");
            var e = Assert.Throws<InvalidOperationException>(() => new History().Plot(path));
            Assert.Contains("no epochs", e.Message);
            Assert.False(File.Exists(path));
        }

        [Theory]
        [InlineData(99, 400, "width")]
        [InlineData(800, 10_001, "height")]
        [InlineData(0, 400, "width")]
        public void Plot_RejectsAnImpossibleSize_NamingTheArgumentAndValue(int width, int height, string name)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => HistoryExportTests.ThreeEpochs().Plot(Path.Combine(_dir, "x.png"), width, height));
            Assert.Equal(name, e.ParamName);
            Assert.Contains(name == "width" ? width.ToString() : height.ToString(), e.Message);
            Assert.Empty(Directory.GetFiles(_dir));
        }
    }
}
