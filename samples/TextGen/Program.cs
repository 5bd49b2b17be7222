using System;
using Rnn.Samples;
using TextGenSample;

// A character language model of a real text (the King James Bible by default), against a Kneser-Ney 5-gram baseline.
// Usage: dotnet run -c Release --project samples/TextGen -- [--text FILE] [--steps 12000] [--minutes N] [--seed N] [--export model.onnx]
return SampleMain.Run(args,
    a => TextGenOptions.Parse(a, SampleData.Default("kjv", "kjv.txt.gz")),
    TextGenOptions.Usage,
    options => TextGenRun.Run(options, Console.Out));
