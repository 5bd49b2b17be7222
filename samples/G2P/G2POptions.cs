using System;
using Rnn.Samples;

namespace G2PSample
{
    /// <summary>Command-line options of the G2P sample.</summary>
    /// <param name="Data">The lexicon file: <c>word&lt;TAB&gt;phoneme phoneme …</c> lines, UTF-8, gzip-compressed when it ends in <c>.gz</c>.</param>
    /// <param name="Epochs">Training epochs.</param>
    /// <param name="Beam">The beam width of the second decoding (the first is greedy).</param>
    /// <param name="Seed">The seed of the held-out words, the weights, the shuffling and dropout.</param>
    /// <param name="Export">Where to write the model's parts as ONNX; <see langword="null"/> for nowhere.</param>
    /// <param name="Device">Where the model trains and decodes: <c>cuda</c>, <c>cpu</c> or <c>auto</c> (CUDA when TorchSharp finds a GPU, else the CPU).</param>
    /// <param name="AttentionMap">Where to draw one word's attention (not a command-line option: the current folder's <c>attention.png</c>).</param>
    public sealed record G2POptions(string Data, int Epochs = G2POptions.DefaultEpochs, int Beam = G2POptions.DefaultBeam, long Seed = 1, string? Export = null,
        string Device = "auto", string AttentionMap = "attention.png")
    {
        /// <summary>
        /// The default epochs: one, so that the default run finishes within 15 minutes on 2 shared CPU cores (an epoch of
        /// the full lexicon is 1,485 steps of 64 words); more epochs give lower error rates.
        /// </summary>
        public const int DefaultEpochs = 1;

        /// <summary>The default beam width.</summary>
        public const int DefaultBeam = 5;

        /// <summary>The usage text.</summary>
        public const string Usage =
            "usage: G2P [--data FILE] [--epochs 1] [--beam 5] [--seed 1] [--export g2p.onnx] [--device cuda|cpu|auto]\n" +
            "  --data    a pronunciation lexicon, one 'word<TAB>phoneme phoneme ...' line per word, UTF-8, gzip-compressed\n" +
            "            if its name ends in .gz (default: CMUdict 0.4 from Festival, samples/data/cmudict/cmudict.tsv.gz)\n" +
            "  --epochs  training epochs (default 1)\n" +
            "  --beam    beam width of the beam-search decoding, after the greedy one (default 5)\n" +
            "  --seed    seed for the held-out 10% of the words, the weights, the shuffling and dropout (default 1)\n" +
            "  --export  after training, write the encoder and the decoder (one step, attending over the encoder's output) to\n" +
            "            ONNX files named after this one: g2p.onnx gives g2p.encoder.onnx and g2p.decoder.onnx\n" +
            "  --device  where to train and decode: cuda (a GPU), cpu, or auto (default: cuda when TorchSharp finds a GPU,\n" +
            "            else cpu)";

        /// <summary>Parses the arguments; <see langword="null"/> when help was asked for.</summary>
        /// <exception cref="ArgumentException">An option is unknown, lacks its value or has a bad value.</exception>
        public static G2POptions? Parse(string[] args, string defaultData) =>
            CommandLine.Parse(args, new G2POptions(defaultData), (options, name, value) => name switch
            {
                "--data" => options with { Data = value },
                "--epochs" => options with { Epochs = CommandLine.PositiveInt(name, value) },
                "--beam" => options with { Beam = CommandLine.PositiveInt(name, value) },
                "--seed" => options with { Seed = CommandLine.Int64(name, value) },
                "--export" => options with { Export = value },
                "--device" => options with { Device = CommandLine.Device(name, value) },
                _ => throw CommandLine.Unknown(name),
            });
    }
}
