using System;
using System.Collections.Generic;
using System.Linq;

namespace G2PSample
{
    /// <summary>Decodes held-out words with a trained model and scores the pronunciations.</summary>
    public static class G2PDecoding
    {
        /// <summary>Words translated per call: the encoder reads them together, and the decoder writes their phonemes together.</summary>
        public const int ChunkSize = 256;

        /// <summary>
        /// The phonemes <paramref name="model"/> writes for each word, greedy (<paramref name="beamWidth"/> 1) or by beam search, in
        /// the words' order. Words of similar length are translated together, so that little of a chunk is padding.
        /// </summary>
        public static string[][] Pronounce(G2PModel model, IReadOnlyList<LexiconEntry> words, SymbolVocabulary letters, SymbolVocabulary phonemes,
            int maxLength, int beamWidth)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(words);
            var order = Enumerable.Range(0, words.Count).OrderBy(i => words[i].Letters.Count).ToArray();
            var result = new string[words.Count][];
            var device = model.ComputeDevice.ToTorchDevice();
            for (int start = 0; start < order.Length; start += ChunkSize)
            {
                var chunk = order.Skip(start).Take(ChunkSize).ToArray();
                using var source = G2PPairs.Padded(chunk.Select(i => letters.Encode(words[i].Letters)).ToList(), device);
                var translations = model.Translate(source, maxLength, SymbolVocabulary.StartId, SymbolVocabulary.EndId, beamWidth);
                for (int j = 0; j < chunk.Length; j++) result[chunk[j]] = phonemes.Decode(translations[j]);
            }
            return result;
        }

        /// <summary>The error rates of <paramref name="predicted"/> against the words' own phonemes.</summary>
        public static ErrorRates Score(IReadOnlyList<LexiconEntry> words, IReadOnlyList<string[]> predicted)
        {
            var rates = new ErrorRates();
            for (int i = 0; i < words.Count; i++) rates.Add(words[i].Phonemes, predicted[i]);
            return rates;
        }
    }
}
