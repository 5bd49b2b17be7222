using System;
using System.IO;
using LanguageIdSample;
using Rnn.Data;
using TorchSharp;

// Which language is a word in? A character-level recurrent model against a character n-gram naive Bayes baseline.
// Usage: dotnet run -c Release --project samples/LanguageId -- [--data DIR] [--epochs N] [--seed N]
LanguageIdOptions? options;
try
{
    options = LanguageIdOptions.Parse(args, Path.Combine(Mnist.FindSampleDirectory(), "languages"));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(LanguageIdOptions.Usage);
    return 2;
}
if (options is null)
{
    Console.WriteLine(LanguageIdOptions.Usage);
    return 0;
}
try
{
    // The model is small: one intra-op thread beats two that spin against each other, by far on a busy machine.
    Rnn.NativeSetup.EnsureLoaded();
    torch.set_num_threads(1);
    LanguageIdRun.Run(options, Console.Out);
    return 0;
}
catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
