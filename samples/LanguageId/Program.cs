using System;
using LanguageIdSample;
using Rnn.Samples;

// Which language is a word in? A character-level recurrent model against a character n-gram naive Bayes baseline.
// Usage: dotnet run -c Release --project samples/LanguageId -- [--data DIR] [--epochs N] [--seed N]
return SampleMain.Run(args,
    a => LanguageIdOptions.Parse(a, SampleData.Default("languages")),
    LanguageIdOptions.Usage,
    options => LanguageIdRun.Run(options, Console.Out));
