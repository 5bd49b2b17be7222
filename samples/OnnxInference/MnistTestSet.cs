using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

/// <summary>
/// The MNIST test digits (<c>t10k-images-idx3-ubyte</c> and <c>t10k-labels-idx1-ubyte</c>, raw or gzip-compressed), read
/// exactly as <c>Rnn.Data.Mnist.Load</c> reads them: images as float32 pixel/255 in [0, 1], row-major [n, 28, 28].
/// </summary>
internal static class MnistTestSet
{
    private const int ImageSize = 28;

    /// <summary>Loads the test images and labels from <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or images and labels disagree.</exception>
    public static (float[] Images, byte[] Labels) Load(string directory)
    {
        var (imageDims, pixels) = ReadIdx(Locate(directory, "t10k-images-idx3-ubyte"));
        var (labelDims, labels) = ReadIdx(Locate(directory, "t10k-labels-idx1-ubyte"));
        if (imageDims.Length != 3 || imageDims[1] != ImageSize || imageDims[2] != ImageSize)
            throw new InvalidDataException($"The test images have dimensions [{string.Join(", ", imageDims)}], expected [n, 28, 28].");
        if (labelDims.Length != 1 || labelDims[0] != imageDims[0])
            throw new InvalidDataException($"There are {imageDims[0]} test images but labels of dimensions [{string.Join(", ", labelDims)}].");
        var images = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++) images[i] = pixels[i] / 255f;
        return (images, labels);
    }

    private static string Locate(string directory, string name)
    {
        string raw = Path.Combine(directory, name), gz = raw + ".gz";
        if (File.Exists(raw)) return raw;
        if (File.Exists(gz)) return gz;
        throw new FileNotFoundException($"The MNIST file '{name}' (or '{name}.gz') is missing from '{directory}'.", gz);
    }

    /// <summary>Reads an IDX file of unsigned bytes; gzip is recognised by its first two bytes (1f 8b).</summary>
    private static (int[] Dimensions, byte[] Values) ReadIdx(string path)
    {
        using var file = File.OpenRead(path);
        int first = file.ReadByte(), second = file.ReadByte();
        file.Position = 0;
        using Stream stream = first == 0x1f && second == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
        var header = new byte[4];
        stream.ReadExactly(header);
        if (header[0] != 0 || header[1] != 0 || header[2] != 0x08 || header[3] == 0)
            throw new InvalidDataException($"'{path}' is not an IDX file of unsigned bytes (magic {Convert.ToHexString(header)}).");
        var dimensions = new int[header[3]];
        long count = 1;
        var size = new byte[4];
        for (int i = 0; i < dimensions.Length; i++)
        {
            stream.ReadExactly(size);
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(size);
            if (dimensions[i] < 0) throw new InvalidDataException($"'{path}' has a negative dimension.");
            count *= dimensions[i];
            if (count > Array.MaxLength) throw new InvalidDataException($"'{path}' declares more values than an array can hold.");
        }
        var values = new byte[count];
        try
        {
            stream.ReadExactly(values);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"'{path}' is truncated: its header declares {count} values.");
        }
        if (stream.ReadByte() != -1) throw new InvalidDataException($"'{path}' holds more data than its header declares.");
        return (dimensions, values);
    }
}
