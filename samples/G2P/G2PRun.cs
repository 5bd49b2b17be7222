using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace G2PSample
{
    /// <summary>The G2P sample's pipeline: load the lexicon, hold out 10% of the words, vocabularies, (later) the model, reports.</summary>
    public static class G2PRun
    {
        /// <summary>Runs the sample and writes its report to <paramref name="output"/>.</summary>
        /// <exception cref="IOException">The lexicon cannot be read or is invalid.</exception>
        public static G2PResult Run(G2POptions options, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(output);
            var lexicon = Lexicon.Load(options.Data);
            var (train, test) = lexicon.Split(options.Seed);
            var letters = SymbolVocabulary.Build(train.Select(e => e.Letters));
            var phonemes = SymbolVocabulary.Build(train.Select(e => e.Phonemes));
            string duplicates = lexicon.DuplicatesSkipped > 0 ? Invariant($" ({lexicon.DuplicatesSkipped:N0} repeated words left out)") : "";
            output.WriteLine(Invariant($"lexicon: {options.Data}: {lexicon.Entries.Count:N0} words{duplicates}; {train.Count:N0} train, {test.Count:N0} held out (seed {options.Seed})"));
            output.WriteLine(Invariant($"vocabularies: {letters.Count - 4} letters and {phonemes.Count - 4} phonemes in the training words (each with 4 reserved ids: padding, start, end, unknown)"));

            // ---- The model: waits for the Seq2Seq encoder-decoder and attention of issue 17 (contract points 4-6). ----
            // To do here, once they exist:
            // - declare the encoder (Embedding of letters.Count ids, a bidirectional recurrent layer with
            //   ReturnSequences = true) and the decoder (Embedding of phonemes.Count ids, a recurrent layer, [Attention],
            //   Dense to phonemes.Count), joined by [Seq2Seq(typeof(Encoder), typeof(Decoder))];
            // - train with Fit(x: (source, targetInput), y: target) for options.Epochs, seeded with options.Seed:
            //   source = letters.Encode(word.Letters), targetInput = phonemes.Encode(p, start: true),
            //   target = phonemes.Encode(p, end: true), right-padded with SymbolVocabulary.PaddingId;
            // - decode the held-out words with Translate(source, maxLength, SymbolVocabulary.StartId, SymbolVocabulary.EndId),
            //   greedy (beamWidth 1) and with beamWidth: options.Beam, turn the ids back with phonemes.Decode, and score each
            //   decoding with an ErrorRates: print "phoneme error rate: P" and "word error rate: W" for each;
            // - print a few example words, and draw one word's attention weights with AttentionMap.Write("attention.png", …);
            // - write the encoder and decoder with ExportOnnx to options.Export when it is set.
            output.WriteLine("model: not built yet (it needs the encoder-decoder with attention of issue 17); only the data was prepared");
            return new G2PResult(train.Count, test.Count, letters.Count, phonemes.Count);
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
