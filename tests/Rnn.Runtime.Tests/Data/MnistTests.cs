using System;
using System.IO;
using System.Linq;
using Rnn.Data;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Data
{
    public sealed class MnistTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-mnist-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [Fact]
        public void Load_ShippedDigits_HasDocumentedSplitShapesAndRanges()
        {
            using var data = Mnist.Load(Mnist.FindSampleDirectory());

            Assert.Equal(new long[] { 8000, 28, 28 }, data.TrainImages.shape);
            Assert.Equal(new long[] { 8000 }, data.TrainLabels.shape);
            Assert.Equal(new long[] { 2000, 28, 28 }, data.TestImages.shape);
            Assert.Equal(new long[] { 2000 }, data.TestLabels.shape);
            Assert.Equal(ScalarType.Float32, data.TrainImages.dtype);
            Assert.Equal(ScalarType.Int64, data.TrainLabels.dtype);
            Assert.Equal(0f, data.TrainImages.min().item<float>());
            Assert.Equal(1f, data.TrainImages.max().item<float>());
            // Per-class counts, as samples/data/README.md documents them.
            Assert.Equal(new long[] { 800, 910, 800, 830, 780, 666, 802, 878, 752, 782 }, data.TrainLabels.bincount(null).data<long>().ToArray());
            Assert.Equal(new long[] { 201, 217, 191, 202, 200, 197, 212, 192, 192, 196 }, data.TestLabels.bincount(null).data<long>().ToArray());
            Assert.Equal(new long[] { 3, 8, 8 }, data.TestLabels[..3].data<long>().ToArray());
        }

        [Fact]
        public void Load_UncompressedFiles_ScalesPixelsToUnitRange()
        {
            WriteSet(_dir, "train", count: 3);
            WriteSet(_dir, "t10k", count: 2, gz: true);

            using var data = Mnist.Load(_dir);

            Assert.Equal(new long[] { 3, 28, 28 }, data.TrainImages.shape);
            Assert.Equal(new long[] { 2, 28, 28 }, data.TestImages.shape);
            Assert.Equal(1f / 255f, data.TrainImages[0, 0, 1].item<float>(), 6);
            Assert.Equal(28f / 255f, data.TrainImages[0, 1, 0].item<float>(), 6);
            Assert.Equal(new long[] { 0, 1, 2 }, data.TrainLabels.data<long>().ToArray());
        }

        [Fact]
        public void Load_MissingDirectory_ThrowsDirectoryNotFound()
        {
            string missing = Path.Combine(_dir, "missing");
            var e = Assert.Throws<DirectoryNotFoundException>(() => Mnist.Load(missing));
            Assert.Contains(missing, e.Message);
        }

        [Fact]
        public void Load_MissingFile_NamesFileAndDirectory()
        {
            WriteSet(_dir, "train", count: 3);
            File.Delete(Path.Combine(_dir, "train-labels-idx1-ubyte"));

            var e = Assert.Throws<FileNotFoundException>(() => Mnist.Load(_dir));

            Assert.Contains("'train-labels-idx1-ubyte' (or 'train-labels-idx1-ubyte.gz') is missing", e.Message);
            Assert.Contains(_dir, e.Message);
        }

        [Fact]
        public void Load_WrongImageSize_SaysExpectedDimensions()
        {
            WriteSet(_dir, "train", count: 2);
            WriteSet(_dir, "t10k", count: 2);
            string images = Path.Combine(_dir, "t10k-images-idx3-ubyte");
            IdxFile.Write(images, new IdxData(new[] { 2, 27, 28 }, new byte[2 * 27 * 28]));

            var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(_dir));

            Assert.Contains(images, e.Message);
            Assert.Contains("has dimensions [2, 27, 28], expected [n, 28, 28]", e.Message);
        }

        [Fact]
        public void Load_LabelsWithImageMagic_SaysExpectedRank()
        {
            WriteSet(_dir, "train", count: 2);
            string labels = Path.Combine(_dir, "train-labels-idx1-ubyte");
            IdxFile.Write(labels, new IdxData(new[] { 2, 28, 28 }, new byte[2 * 28 * 28]));

            var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(_dir));

            Assert.Contains(labels, e.Message);
            Assert.Contains("expected [n] (magic number 0x00000801)", e.Message);
        }

        [Fact]
        public void Load_CountMismatch_NamesBothFiles()
        {
            WriteSet(_dir, "train", count: 5);
            IdxFile.Write(Path.Combine(_dir, "train-labels-idx1-ubyte"), new IdxData(new[] { 4 }, new byte[4]));

            var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(_dir));

            Assert.Contains("has 5 images but", e.Message);
            Assert.Contains("train-labels-idx1-ubyte' has 4 labels", e.Message);
        }

        [Fact]
        public void Load_LabelAboveNine_SaysWhere()
        {
            WriteSet(_dir, "train", count: 3);
            IdxFile.Write(Path.Combine(_dir, "train-labels-idx1-ubyte"), new IdxData(new[] { 3 }, new byte[] { 1, 12, 3 }));

            var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(_dir));

            Assert.Contains("has label 12 at index 1; labels must be 0 to 9", e.Message);
        }

        [Fact]
        public void Load_TruncatedImages_SaysTruncated()
        {
            WriteSet(_dir, "train", count: 3);
            string images = Path.Combine(_dir, "train-images-idx3-ubyte");
            byte[] bytes = File.ReadAllBytes(images);
            File.WriteAllBytes(images, bytes[..(bytes.Length - 100)]);

            var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(_dir));

            Assert.Contains(images, e.Message);
            Assert.Contains("need 2352 data bytes, but it has 2252 (the file is truncated)", e.Message);
        }

        [Fact]
        public void FindSampleDirectory_FromUnrelatedFolder_Throws()
        {
            var e = Assert.Throws<DirectoryNotFoundException>(() => Mnist.FindSampleDirectory(_dir));
            Assert.Contains(_dir, e.Message);
        }

        /// <summary>Writes images whose pixel (r, c) is (r * 28 + c + i) mod 256 and labels i mod 10.</summary>
        private static void WriteSet(string dir, string prefix, int count, bool gz = false)
        {
            string suffix = gz ? ".gz" : "";
            var pixels = new byte[count * 28 * 28];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i % (28 * 28) + i / (28 * 28));
            IdxFile.Write(Path.Combine(dir, prefix + "-images-idx3-ubyte" + suffix), new IdxData(new[] { count, 28, 28 }, pixels));
            IdxFile.Write(Path.Combine(dir, prefix + "-labels-idx1-ubyte" + suffix),
                new IdxData(new[] { count }, Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray()));
        }
    }
}
