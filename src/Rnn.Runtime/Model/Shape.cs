using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Rnn
{
    /// <summary>
    /// An immutable tensor shape in Keras notation: <c>null</c> marks a dimension unknown until run time (the batch, or a
    /// variable time length), shown as <c>None</c>, e.g. <c>(None, 28, 28)</c> or <c>(None, None, 28)</c>.
    /// </summary>
    public sealed class Shape : IReadOnlyList<int?>, IEquatable<Shape>
    {
        private readonly int?[] _dims;

        /// <summary>Creates a shape from its dimensions; <c>null</c> is an unknown dimension.</summary>
        public Shape(params int?[] dimensions) => _dims = (int?[])(dimensions ?? throw new ArgumentNullException(nameof(dimensions))).Clone();

        /// <summary>The dimension at <paramref name="index"/>.</summary>
        public int? this[int index] => _dims[index];

        /// <summary>Number of dimensions (the rank).</summary>
        public int Count => _dims.Length;

        /// <summary>True if the concrete dimensions of <paramref name="shape"/> match this shape; unknown dimensions match anything.</summary>
        public bool Matches(IReadOnlyList<long> shape) =>
            shape.Count == _dims.Length && _dims.Select((d, i) => d is null || d == shape[i]).All(ok => ok);

        /// <summary>
        /// True if the concrete dimensions of <paramref name="tensor"/> match this shape; unknown dimensions match anything.
        /// Reads the sizes one by one (<c>dim()</c>, <c>size(i)</c>), as reading <c>shape</c> leaves a native array to the
        /// finalizer on every call.
        /// </summary>
        internal bool MatchesSizesOf(TorchSharp.torch.Tensor tensor)
        {
            if (tensor.dim() != _dims.Length) return false;
            for (int i = 0; i < _dims.Length; i++)
                if (_dims[i] is int d && d != tensor.size(i)) return false;
            return true;
        }

        /// <summary>Keras notation, e.g. <c>(None, 28, 28)</c>.</summary>
        public override string ToString() => "(" + string.Join(", ", _dims.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None")) + ")";

        /// <summary>
        /// Bracket notation with named unknowns, e.g. <c>[batch, 28, 28]</c> or <c>[batch, time, 28]</c>: an unknown first
        /// dimension is the batch, an unknown second one the time, any other unknown <c>None</c>.
        /// </summary>
        public string ToBatchString() =>
            "[" + string.Join(", ", _dims.Select((d, i) => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? UnknownName(i))) + "]";

        private static string UnknownName(int index) => index switch { 0 => "batch", 1 => "time", _ => "None" };

        /// <summary>A concrete tensor shape in bracket notation, e.g. <c>[64, 28, 28]</c>; for error messages.</summary>
        internal static string Format(IReadOnlyList<long> shape) =>
            "[" + string.Join(", ", shape.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

        /// <summary>
        /// The sizes of <paramref name="tensor"/>, read with dim()/size(i): <c>Tensor.shape</c> leaves an object to the
        /// finalizer on every read, which adds up on paths that run once per Fit call or per step.
        /// </summary>
        internal static long[] Of(TorchSharp.torch.Tensor tensor)
        {
            var sizes = new long[tensor.Dimensions];
            for (int i = 0; i < sizes.Length; i++) sizes[i] = tensor.size(i);
            return sizes;
        }

        /// <inheritdoc/>
        public bool Equals(Shape? other) => other is not null && _dims.SequenceEqual(other._dims);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as Shape);

        /// <inheritdoc/>
        public override int GetHashCode() => _dims.Aggregate(17, (h, d) => h * 31 + (d ?? -1));

        /// <inheritdoc/>
        public IEnumerator<int?> GetEnumerator() => ((IEnumerable<int?>)_dims).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>What the generator knows about one layer at compile time: its name, kind, output shape and parameter count.</summary>
    /// <param name="Name">Keras-style name, also the TorchSharp parameter prefix, e.g. <c>simple_rnn</c>.</param>
    /// <param name="Kind">The layer kind as declared, e.g. <c>SimpleRnn</c>.</param>
    /// <param name="OutputShape">The layer's output shape, batch as <c>None</c>.</param>
    /// <param name="ParameterCount">Number of trainable parameters, as TorchSharp stores them.</param>
    public sealed record LayerInfo(string Name, string Kind, Shape OutputShape, long ParameterCount);
}
