using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Data
{
    /// <summary>Helpers for sequences of token ids, as Keras <c>keras.utils.pad_sequences</c>.</summary>
    public static class Sequences
    {
        /// <summary>
        /// Pads (or truncates) each sequence to the same length, as Keras <c>pad_sequences</c>: the result is an int64
        /// tensor <c>[sequences.Count, length]</c> where <c>length</c> is <paramref name="maxLength"/>, or the longest
        /// sequence when it is <see langword="null"/>. Shorter sequences are filled with <paramref name="value"/> (0,
        /// the id that <see cref="Vocabulary"/> and <c>Embedding(MaskZero = true)</c> treat as padding) at the
        /// <paramref name="padding"/> end; longer ones lose values at the <paramref name="truncating"/> end.
        /// </summary>
        /// <param name="sequences">The sequences of ids; they may be empty.</param>
        /// <param name="maxLength">The length of every row, at least 1; <see langword="null"/> for the longest sequence.</param>
        /// <param name="padding">Where the padding goes (Keras default: <see cref="SequenceEnd.Pre"/>).</param>
        /// <param name="truncating">Where values are removed (Keras default: <see cref="SequenceEnd.Pre"/>).</param>
        /// <param name="value">The padding value.</param>
        /// <exception cref="ArgumentNullException"><paramref name="sequences"/> or one of its sequences is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is below 1, or an enum is undefined.</exception>
        public static Tensor Pad(IReadOnlyList<int[]> sequences, int? maxLength = null,
            SequenceEnd padding = SequenceEnd.Pre, SequenceEnd truncating = SequenceEnd.Pre, long value = 0)
        {
            ArgumentNullException.ThrowIfNull(sequences);
            CheckEnd(padding, nameof(padding));
            CheckEnd(truncating, nameof(truncating));
            if (maxLength is < 1)
                throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength,
                    $"Sequences.Pad needs maxLength of at least 1 (or null for the longest sequence), got {maxLength}.");
            for (int i = 0; i < sequences.Count; i++)
                if (sequences[i] is null)
                    throw new ArgumentNullException(nameof(sequences), $"Sequences.Pad: sequence {i} is null.");
            int length = maxLength ?? (sequences.Count == 0 ? 0 : sequences.Max(s => s.Length));
            var values = new long[sequences.Count * (long)length];
            Array.Fill(values, value);
            for (int i = 0; i < sequences.Count; i++)
                CopyRow(sequences[i], values.AsSpan(i * length, length), padding, truncating);
            NativeSetup.EnsureLoaded();
            return torch.tensor(values, new long[] { sequences.Count, length }, ScalarType.Int64);
        }

        private static void CopyRow(int[] sequence, Span<long> row, SequenceEnd padding, SequenceEnd truncating)
        {
            int kept = Math.Min(sequence.Length, row.Length);
            int from = truncating == SequenceEnd.Pre ? sequence.Length - kept : 0;
            int to = padding == SequenceEnd.Pre ? row.Length - kept : 0;
            for (int j = 0; j < kept; j++) row[to + j] = sequence[from + j];
        }

        private static void CheckEnd(SequenceEnd end, string name)
        {
            if (!Enum.IsDefined(end))
                throw new ArgumentOutOfRangeException(name, end, $"Sequences.Pad: {name} must be SequenceEnd.Pre or SequenceEnd.Post, got {(int)end}.");
        }
    }
}
