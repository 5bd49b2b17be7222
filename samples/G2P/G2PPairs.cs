using System;
using System.Collections.Generic;
using System.Linq;
using Rnn.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace G2PSample
{
    /// <summary>
    /// Words and their pronunciations as a Seq2Seq model trains on them, each int64 [words, time] right-padded with
    /// <see cref="SymbolVocabulary.PaddingId"/>: the letters (the encoder's input), the start id then the phonemes (the
    /// decoder's input, teacher forcing) and the phonemes then the end id (the targets).
    /// </summary>
    public sealed class G2PPairs : IDisposable
    {
        private G2PPairs(Tensor source, Tensor targetInput, Tensor target)
        {
            Source = source;
            TargetInput = targetInput;
            Target = target;
        }

        /// <summary>The letter ids [words, longest word].</summary>
        public Tensor Source { get; }

        /// <summary>The start id, then the phoneme ids [words, 1 + longest pronunciation].</summary>
        public Tensor TargetInput { get; }

        /// <summary>The phoneme ids, then the end id [words, longest pronunciation + 1].</summary>
        public Tensor Target { get; }

        /// <summary>Encodes <paramref name="entries"/> with the two vocabularies.</summary>
        public static G2PPairs Encode(IReadOnlyList<LexiconEntry> entries, SymbolVocabulary letters, SymbolVocabulary phonemes)
        {
            ArgumentNullException.ThrowIfNull(entries);
            ArgumentNullException.ThrowIfNull(letters);
            ArgumentNullException.ThrowIfNull(phonemes);
            return new G2PPairs(
                Padded(entries.Select(e => letters.Encode(e.Letters)).ToList()),
                Padded(entries.Select(e => phonemes.Encode(e.Phonemes, start: true)).ToList()),
                Padded(entries.Select(e => phonemes.Encode(e.Phonemes, end: true)).ToList()));
        }

        /// <summary>
        /// Id sequences right-padded with <see cref="SymbolVocabulary.PaddingId"/> to the longest, int64 [n, longest], on
        /// <paramref name="device"/> (the CPU when null).
        /// </summary>
        public static Tensor Padded(IReadOnlyList<int[]> sequences, Device? device = null)
        {
            var host = Sequences.Pad(sequences, padding: SequenceEnd.Post, value: SymbolVocabulary.PaddingId);
            if (device is null || device.type == DeviceType.CPU) return host;
            using (host) return host.to(device);
        }

        /// <summary>Disposes the three tensors.</summary>
        public void Dispose()
        {
            Source.Dispose();
            TargetInput.Dispose();
            Target.Dispose();
        }
    }
}
