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
        public static byte[] Read(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The weights file '{path}' does not exist.", path);
            long length = new FileInfo(path).Length;
            if (length > Array.MaxLength)
                throw new InvalidDataException($"The weights file '{path}' has {length} bytes; files over {Array.MaxLength} bytes are not supported.");
            return File.ReadAllBytes(path);
        }
    }
}
