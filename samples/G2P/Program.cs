using System;
using G2PSample;
using Rnn.Samples;

// Spelling to pronunciation (grapheme to phoneme): an encoder-decoder with attention on the CMU Pronouncing Dictionary.
// Usage: dotnet run -c Release --project samples/G2P -- [--data FILE] [--epochs N] [--beam N] [--seed N] [--export g2p.onnx]
return SampleMain.Run(args,
    a => G2POptions.Parse(a, SampleData.Default("cmudict", "cmudict.tsv.gz")),
    G2POptions.Usage,
    options => G2PRun.Run(options, Console.Out));
