using System;
using ForecastSample;
using Rnn.Samples;

// Forecasts a real time series (weekly Mauna Loa CO2 by default) with a Gru, against persistence and seasonal naive.
// Usage: dotnet run -c Release --project samples/Forecast -- [--csv FILE --column NAME] [--window 52] [--horizon 4]
//        [--season 52] [--epochs N] [--seed N]
return SampleMain.Run(args,
    a => ForecastOptions.Parse(a, SampleData.Default("co2", "co2.csv")),
    ForecastOptions.Usage,
    options => ForecastRun.Run(options, Console.Out));
