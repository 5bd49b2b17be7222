using System;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Data
{
    /// <summary>
    /// The MNIST digits as tensors: images float32 in [0, 1] shaped [n, 28, 28], labels int64 in 0..9 shaped [n].
    /// Disposing it disposes the four tensors.
    /// </summary>
    public sealed class MnistData : IDisposable
    {
        internal MnistData(Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels)
        {
            TrainImages = trainImages;
            TrainLabels = trainLabels;
            TestImages = testImages;
            TestLabels = testLabels;
        }

        /// <summary>Training images, float32 in [0, 1]: [n, 28, 28].</summary>
        public Tensor TrainImages { get; }

        /// <summary>Training labels, int64 in 0..9: [n].</summary>
        public Tensor TrainLabels { get; }

        /// <summary>Test images, float32 in [0, 1]: [m, 28, 28].</summary>
        public Tensor TestImages { get; }

        /// <summary>Test labels, int64 in 0..9: [m].</summary>
        public Tensor TestLabels { get; }

        /// <inheritdoc/>
        public void Dispose()
        {
            TrainImages.Dispose();
            TrainLabels.Dispose();
            TestImages.Dispose();
            TestLabels.Dispose();
        }
    }

    /// <summary>Loads the MNIST digits from the standard IDX files.</summary>
    public static class Mnist
    {
        /// <summary>Side length of an MNIST image in pixels.</summary>
        public const int ImageSize = 28;

        /// <summary>Number of classes (the digits 0 to 9).</summary>
        public const int ClassCount = 10;

        /// <summary>The standard file names, each also accepted with a <c>.gz</c> suffix.</summary>
        public static readonly string TrainImagesFile = "train-images-idx3-ubyte",
            TrainLabelsFile = "train-labels-idx1-ubyte",
            TestImagesFile = "t10k-images-idx3-ubyte",
            TestLabelsFile = "t10k-labels-idx1-ubyte";

        /// <summary>
        /// Loads <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c> and
        /// <c>t10k-labels-idx1-ubyte</c> from <paramref name="directory"/>, each raw or gzip-compressed (with or without
        /// a <c>.gz</c> suffix).
        /// </summary>
        /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
        /// <exception cref="FileNotFoundException">A file is missing; the message names the directory and file.</exception>
        /// <exception cref="InvalidDataException">A file is truncated or malformed, or images and labels disagree;
        /// the message names the file and what is wrong.</exception>
        public static MnistData Load(string directory)
        {
            ArgumentException.ThrowIfNullOrEmpty(directory);
            if (!Directory.Exists(directory))
                throw new DirectoryNotFoundException($"The MNIST directory '{directory}' does not exist.");
            NativeSetup.EnsureLoaded();
            var (trainImages, trainLabels) = LoadPair(directory, TrainImagesFile, TrainLabelsFile);
            var (testImages, testLabels) = LoadPair(directory, TestImagesFile, TestLabelsFile);
            return new MnistData(
                ToImageTensor(trainImages), ToLabelTensor(trainLabels),
                ToImageTensor(testImages), ToLabelTensor(testLabels));
        }

        /// <summary>
        /// Finds the folder with the digits shipped in this repository, <c>samples/data</c>, by walking up from
        /// <paramref name="start"/> (default: <see cref="AppContext.BaseDirectory"/>).
        /// </summary>
        /// <exception cref="DirectoryNotFoundException">No parent folder contains <c>samples/data</c> with the MNIST files.</exception>
        public static string FindSampleDirectory(string? start = null)
        {
            string origin = start ?? AppContext.BaseDirectory;
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "samples", "data");
                if (File.Exists(Path.Combine(candidate, TrainImagesFile + ".gz")) || File.Exists(Path.Combine(candidate, TrainImagesFile)))
                    return candidate;
            }
            throw new DirectoryNotFoundException(
                $"No folder samples/data with '{TrainImagesFile}.gz' was found in '{origin}' or any folder above it.");
        }

        private static (IdxData Images, IdxData Labels) LoadPair(string directory, string imagesName, string labelsName)
        {
            string imagesPath = Locate(directory, imagesName), labelsPath = Locate(directory, labelsName);
            var images = IdxFile.Read(imagesPath);
            var labels = IdxFile.Read(labelsPath);
            if (images.Dimensions.Length != 3 || images.Dimensions[1] != ImageSize || images.Dimensions[2] != ImageSize)
                throw new InvalidDataException(
                    $"The MNIST image file '{imagesPath}' has dimensions [{IdxData.Join(images.Dimensions)}], expected [n, {ImageSize}, {ImageSize}] (magic number 0x00000803).");
            if (labels.Dimensions.Length != 1)
                throw new InvalidDataException(
                    $"The MNIST label file '{labelsPath}' has dimensions [{IdxData.Join(labels.Dimensions)}], expected [n] (magic number 0x00000801).");
            if (images.Dimensions[0] != labels.Dimensions[0])
                throw new InvalidDataException(
                    $"The MNIST files disagree: '{imagesPath}' has {images.Dimensions[0]} images but '{labelsPath}' has {labels.Dimensions[0]} labels.");
            int bad = Array.FindIndex(labels.Values, v => v >= ClassCount);
            if (bad >= 0)
                throw new InvalidDataException(
                    $"The MNIST label file '{labelsPath}' has label {labels.Values[bad]} at index {bad}; labels must be 0 to {ClassCount - 1}.");
            return (images, labels);
        }

        private static string Locate(string directory, string name)
        {
            string raw = Path.Combine(directory, name), gz = raw + ".gz";
            if (File.Exists(raw)) return raw;
            if (File.Exists(gz)) return gz;
            throw new FileNotFoundException($"The MNIST file '{name}' (or '{name}.gz') is missing from '{directory}'.", gz);
        }

        private static Tensor ToImageTensor(IdxData images)
        {
            var dims = images.Dimensions.Select(d => (long)d).ToArray();
            using var bytes = torch.tensor(images.Values, dims, ScalarType.Byte);
            return bytes.to_type(ScalarType.Float32).div_(255f);
        }

        private static Tensor ToLabelTensor(IdxData labels) =>
            torch.tensor(labels.Values.Select(v => (long)v).ToArray(), new long[] { labels.Dimensions[0] });
    }
}
