using System;
using System.IO;

namespace Rnn.IO
{
    /// <summary>Reads a whole weights file into memory once, so that the bytes checked are the bytes parsed.</summary>
    internal static class WeightsFileBytes
    {
        /// <summary>The contents of <paramref name="path"/>.</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is larger than an array can hold.</exception>
        /// <param name="path">The file to read.</param>
        /// <param name="noun">What the messages call the file, e.g. <c>weights file</c>.</param>
        public static byte[] Read(string path, string noun = "weights file")
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The {noun} '{path}' does not exist.", path);
            long length = new FileInfo(path).Length;
            if (length > Array.MaxLength)
                throw new InvalidDataException($"The {noun} '{path}' has {length} bytes; files over {Array.MaxLength} bytes are not supported.");
            return File.ReadAllBytes(path);
        }
    }
}
