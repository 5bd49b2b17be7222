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

        /// <summary>
        /// Cuts one long sequence of token ids into consecutive chunks for stateful training (<c>Fit(..., stateful: true,
        /// shuffle: false)</c>), batch-major, as Keras users do by hand: the ids are split into <paramref name="batchSize"/>
        /// streams, stream r one contiguous stretch of the sequence, and each stream into chunks of
        /// <paramref name="length"/> ids. Batch b holds chunk b of every stream, so row r of batch b continues row r of
        /// batch b − 1: <c>x[b · batchSize + r, t] = ids[r · chunks · length + b · length + t]</c>, and <c>y</c> is the
        /// next id, <c>ids[… + t + 1]</c>, the target of a language model. The ids beyond
        /// <c>batchSize · chunks · length + 1</c> are dropped.
        /// </summary>
        /// <param name="ids">The sequence, e.g. a text's character ids (a <c>long[]</c> converts implicitly).</param>
        /// <param name="batchSize">Streams, the rows of each batch: the batch size to train with.</param>
        /// <param name="length">Ids per chunk: the time steps of each sample, and how far back gradients flow.</param>
        /// <returns>Inputs <c>X</c> and targets <c>Y</c>, int64 [chunks · batchSize, length], where chunks =
        /// ⌊(ids.Length − 1) / (batchSize · length)⌋; the caller disposes them.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> or <paramref name="length"/> is below 1.</exception>
        /// <exception cref="ArgumentException"><paramref name="ids"/> is shorter than one batch: batchSize · length + 1 ids.</exception>
        public static (Tensor X, Tensor Y) Chunks(ReadOnlySpan<long> ids, int batchSize, int length)
        {
            if (batchSize < 1)
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"Sequences.Chunks needs batchSize of at least 1, got {batchSize}.");
            if (length < 1)
                throw new ArgumentOutOfRangeException(nameof(length), length, $"Sequences.Chunks needs length of at least 1, got {length}.");
            long batch = (long)batchSize * length;
            long chunks = (ids.Length - 1L) / batch;
            if (chunks < 1)
                throw new ArgumentException(
                    $"Sequences.Chunks needs at least batchSize · length + 1 = {batch + 1} ids for one batch of {batchSize} chunks of {length} and their next ids, but ids has {ids.Length}.",
                    nameof(ids));
            long stream = chunks * length;
            var x = new long[chunks * batch];
            var y = new long[chunks * batch];
            for (long b = 0; b < chunks; b++)
                for (int r = 0; r < batchSize; r++)
                {
                    int from = (int)(r * stream + b * length);
                    long to = (b * batchSize + r) * length;
                    ids.Slice(from, length).CopyTo(x.AsSpan((int)to, length));
                    ids.Slice(from + 1, length).CopyTo(y.AsSpan((int)to, length));
                }
            NativeSetup.EnsureLoaded();
            var shape = new[] { chunks * batchSize, (long)length };
            return (torch.tensor(x, shape, ScalarType.Int64), torch.tensor(y, shape, ScalarType.Int64));
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
