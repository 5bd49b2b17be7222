using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Rnn;

namespace G2PSample
{
    /// <summary>
    /// The G2P sample's pipeline: load the lexicon and hold out 10% of the words, train the encoder–decoder, decode the
    /// held-out words greedily and with beam search, and report the error rates, a few examples and one word's attention.
    /// </summary>
    public static class G2PRun
    {
        /// <summary>Words per gradient step.</summary>
        public const int BatchSize = 64;

        /// <summary>Adam's learning rate at the first epoch; it falls along half a cosine to a twentieth of it at the last.</summary>
        public const double LearningRate = 2e-3;

        /// <summary>How many held-out words are shown with their pronunciations.</summary>
        public const int Examples = 8;

        /// <summary>The phonemes a translation may have beyond the longest training pronunciation.</summary>
        private const int LengthMargin = 5;

        /// <summary>Runs the sample and writes its report to <paramref name="output"/>.</summary>
        /// <exception cref="IOException">The lexicon cannot be read or is invalid.</exception>
        public static G2PResult Run(G2POptions options, TextWriter output)
        {
            var data = G2PData.Load(options, output);
            using var model = new G2PModel(options.Seed).To(ComputeDevice.Parse(options.Device));
            output.Write(model.Summary());
            double seconds = Train(model, data, options, output);
            if (options.Export is not null) Export(model, options.Export, output);

            int maxLength = data.Train.Max(e => e.Phonemes.Count) + LengthMargin;
            var greedy = G2PDecoding.Pronounce(model, data.Test, data.Letters, data.Phonemes, maxLength, beamWidth: 1);
            var greedyRates = G2PDecoding.Score(data.Test, greedy);
            // A beam of one is greedy decoding: its words are not decoded twice.
            var beam = options.Beam == 1 ? greedy : G2PDecoding.Pronounce(model, data.Test, data.Letters, data.Phonemes, maxLength, options.Beam);
            var beamRates = options.Beam == 1 ? greedyRates : G2PDecoding.Score(data.Test, beam);
            output.WriteLine(Invariant($"phoneme error rate: {greedyRates.PhonemeErrorRate:P2}"));
            output.WriteLine(Invariant($"word error rate: {greedyRates.WordErrorRate:P2}"));
            output.WriteLine(Invariant($"phoneme error rate (beam {options.Beam}): {beamRates.PhonemeErrorRate:P2}"));
            output.WriteLine(Invariant($"word error rate (beam {options.Beam}): {beamRates.WordErrorRate:P2}"));

            int[] shown = Enumerable.Range(0, Examples).Select(i => i * data.Test.Count / Examples).Distinct().ToArray();
            output.WriteLine("examples (held out): word, its pronunciation, greedy, beam");
            foreach (int i in shown)
                output.WriteLine(Invariant($"  {data.Test[i].Word}: {string.Join(" ", data.Test[i].Phonemes)} | {string.Join(" ", greedy[i])} | {string.Join(" ", beam[i])}"));
            DrawAttention(model, data, shown, beam, options.AttentionMap, output);

            return new G2PResult(data.Train.Count, data.Test.Count, greedyRates, beamRates, seconds);
        }

        /// <summary>Trains <paramref name="model"/> on the training words with teacher forcing; returns the seconds it took.</summary>
        private static double Train(G2PModel model, G2PData data, G2POptions options, TextWriter output)
        {
            var stopwatch = Stopwatch.StartNew();
            using var pairs = G2PPairs.Encode(data.Train, data.Letters, data.Phonemes);
            model.Compile(optimizer: Optimizers.Adam(LearningRate));
            // Fit's seed orders the batches; dropout's masks come from TorchSharp's global generator, seeded here so that a
            // seed repeats the whole run (as keras.utils.set_random_seed does).
            TorchSharp.torch.manual_seed(options.Seed);
            model.Fit((pairs.Source, pairs.TargetInput), pairs.Target, epochs: options.Epochs, batchSize: BatchSize, seed: options.Seed,
                verbose: 2, output: output, callbacks: new[] { LearningRateScheduler.CosineDecay(LearningRate, options.Epochs, alpha: 0.05) });
            output.WriteLine(Invariant($"training time: {stopwatch.Elapsed.TotalSeconds:F0} s"));
            return stopwatch.Elapsed.TotalSeconds;
        }

        /// <summary>
        /// The files <c>--export <paramref name="export"/></c> writes: the encoder's and the decoder's ONNX graphs, named
        /// after it, <c>g2p.onnx</c> → <c>g2p.encoder.onnx</c> and <c>g2p.decoder.onnx</c>.
        /// </summary>
        public static (string Encoder, string Decoder) ExportPaths(string export) =>
            (Path.ChangeExtension(export, ".encoder.onnx"), Path.ChangeExtension(export, ".decoder.onnx"));

        /// <summary>Writes the trained model's encoder and decoder graphs (<see cref="Seq2SeqModel.ExportOnnx(string, string)"/>) and says where.</summary>
        private static void Export(G2PModel model, string export, TextWriter output)
        {
            var (encoder, decoder) = ExportPaths(export);
            model.ExportOnnx(encoder, decoder);
            output.WriteLine($"exported: {encoder} (encoder), {decoder} (decoder)");
        }

        /// <summary>
        /// Draws the attention of the longest of the <paramref name="shown"/> words, as the beam pronounced it, to
        /// <paramref name="path"/>: one row per phoneme written (and the end), one column per letter.
        /// </summary>
        private static void DrawAttention(G2PModel model, G2PData data, int[] shown, string[][] pronounced, string path, TextWriter output)
        {
            int word = shown.OrderByDescending(i => data.Test[i].Letters.Count).First();
            var entry = data.Test[word];
            using var source = G2PPairs.Padded(new[] { data.Letters.Encode(entry.Letters) }, model.ComputeDevice.ToTorchDevice());
            var phonemes = pronounced[word];
            long[] ids = data.Phonemes.Encode(phonemes).Select(id => (long)id).ToArray();
            using var attention = model.AttentionWeights(source, ids, SymbolVocabulary.StartId);
            using var weights = attention.cpu();
            var values = weights.data<float>().ToArray();
            var grid = new float[weights.size(0), weights.size(1)];
            for (int r = 0; r < grid.GetLength(0); r++)
                for (int c = 0; c < grid.GetLength(1); c++) grid[r, c] = values[r * grid.GetLength(1) + c];
            AttentionMap.Write(path, grid, entry.Letters, phonemes.Append("</s>").ToList(), title: entry.Word);
            output.WriteLine(Invariant($"attention: {path} ({entry.Word})"));
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
