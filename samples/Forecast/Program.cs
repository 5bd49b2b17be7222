using System;
using System.IO;
using ForecastSample;
using Rnn.Data;
using TorchSharp;

// Forecasts a real time series (weekly Mauna Loa CO2 by default) with a Gru, against persistence and seasonal naive.
// Usage: dotnet run -c Release --project samples/Forecast -- [--csv FILE --column NAME] [--window 52] [--horizon 4]
//        [--season 52] [--epochs N] [--seed N]
ForecastOptions? options;
try
{
    options = ForecastOptions.Parse(args, Path.Combine(Mnist.FindSampleDirectory(), "co2", "co2.csv"));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(ForecastOptions.Usage);
    return 2;
}
if (options is null)
{
    Console.WriteLine(ForecastOptions.Usage);
    return 0;
}
try
{
    // The model is small: one intra-op thread beats two that spin against each other, by far on a busy machine.
    Rnn.NativeSetup.EnsureLoaded();
    torch.set_num_threads(1);
    ForecastRun.Run(options, Console.Out);
    return 0;
}
catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
