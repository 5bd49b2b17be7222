using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Rnn.IO
{
    /// <summary>One tensor as a weights file holds it: name, element type, shape, and where its bytes are.</summary>
    /// <param name="Name">The state-dict name, e.g. <c>dense.weight</c>.</param>
    /// <param name="Type">The element type.</param>
    /// <param name="Shape">The size of each dimension.</param>
    /// <param name="Data">The file's bytes, little-endian and row-major, of this tensor only.</param>
    internal sealed record StoredTensor(string Name, ScalarType Type, long[] Shape, ArraySegment<byte> Data)
    {
        /// <summary>The tensor's type and shape as the error messages show them, e.g. <c>[10, 32] Float32</c>.</summary>
        public string Describe() => Describe(Shape, Type);

        /// <summary>A new CPU tensor holding these values, in the current dispose scope.</summary>
        public Tensor ToTensor()
        {
            var tensor = empty(Shape, Type);
            if (Data.Count > 0) tensor.bytes = Data.AsSpan();
            return tensor;
        }

        /// <summary>A shape and element type as the error messages show them.</summary>
        public static string Describe(IReadOnlyList<long> shape, ScalarType type) => Rnn.Shape.Format(shape) + " " + type;
    }
}
