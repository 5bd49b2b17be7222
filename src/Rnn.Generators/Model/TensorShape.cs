using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Rnn.Generators.Model
{
    /// <summary>One dimension of a shape: known (<c>28</c>) or unknown (<c>None</c>, e.g. a variable time length).</summary>
    internal readonly struct Dimension : IEquatable<Dimension>
    {
        private Dimension(int? size) => Size = size;

        /// <summary>An unknown dimension, shown as <c>None</c>.</summary>
        public static Dimension Unknown => default;

        /// <summary>The size, or null when unknown.</summary>
        public int? Size { get; }

        public bool IsKnown => Size is not null;

        public static Dimension Of(int size) => new Dimension(size);

        public bool Equals(Dimension other) => Size == other.Size;

        public override bool Equals(object? obj) => obj is Dimension other && Equals(other);

        public override int GetHashCode() => Size ?? int.MinValue;

        /// <summary><c>28</c>, or <c>None</c> when unknown.</summary>
        public override string ToString() => Size?.ToString(CultureInfo.InvariantCulture) ?? "None";
    }

    /// <summary>What a tensor holds: float32 values, or int64 token ids.</summary>
    internal enum ElementType
    {
        Float32,
        Int64,
    }

    /// <summary>
    /// A tensor shape after the (always unknown) batch: any rank, each dimension known or unknown, plus the element type.
    /// Float sequences are [time, features], flat outputs [features], token ids [time] of int64.
    /// </summary>
    internal sealed record TensorShape(EquatableArray<Dimension> Dimensions, ElementType Element)
    {
        public static TensorShape Sequence(Dimension time, int features) =>
            new TensorShape(new EquatableArray<Dimension>(new[] { time, Dimension.Of(features) }), ElementType.Float32);

        public static TensorShape Flat(int features) =>
            new TensorShape(new EquatableArray<Dimension>(new[] { Dimension.Of(features) }), ElementType.Float32);

        public static TensorShape Tokens(Dimension time) =>
            new TensorShape(new EquatableArray<Dimension>(new[] { time }), ElementType.Int64);

        /// <summary>Number of dimensions after the batch.</summary>
        public int Rank => Dimensions.Count;

        /// <summary>A float sequence [None, time, features].</summary>
        public bool IsSequence => Rank == 2 && Element == ElementType.Float32;

        /// <summary>Int64 token ids [None, time].</summary>
        public bool IsTokens => Element == ElementType.Int64;

        /// <summary>The time axis of a sequence or of token ids.</summary>
        public Dimension Time => Rank >= 1 && (IsTokens || Rank >= 2) ? Dimensions[0] : Dimension.Unknown;

        /// <summary>The last axis of a float tensor (0 when it is unknown or the tensor holds token ids).</summary>
        public int Features => !IsTokens && Rank > 0 ? Dimensions[Rank - 1].Size ?? 0 : 0;

        /// <summary>This shape with the last axis replaced by <paramref name="features"/>.</summary>
        public TensorShape WithFeatures(int features) =>
            new TensorShape(new EquatableArray<Dimension>(Dimensions.Take(Rank - 1).Concat(new[] { Dimension.Of(features) })), ElementType.Float32);

        /// <summary>Keras notation, <c>(None, 28, 10)</c>, as the runtime's Shape prints it.</summary>
        public string ToKeras() => "(" + Join("None") + ")";

        /// <summary>Message notation, <c>[None, 28, 10]</c>.</summary>
        public string ToBrackets() => "[" + Join("None") + "]";

        /// <summary>Documentation notation, <c>[batch, 28, 10]</c>, an unknown length as <c>time</c>: <c>[batch, time, 10]</c>.</summary>
        public string ToBatch() => "[" + Join("batch", "time") + "]";

        private string Join(string batch, string unknown = "None") =>
            string.Join(", ", new[] { batch }.Concat(Dimensions.Select(d => d.IsKnown ? d.ToString() : unknown)));
    }
}
