using System;
using Rnn.Samples;

namespace ForecastSample
{
    /// <summary>Command-line options of the Forecast sample.</summary>
    public sealed record ForecastOptions(string Csv, string Column, int Window = 52, int Horizon = 4, int Season = 52,
        int Epochs = 10, long Seed = 1, int BatchSize = 32, double TestFraction = 0.2, double ValidationFraction = 0.1,
        double LearningRate = 3e-3)
    {
        /// <summary>The usage text.</summary>
        public const string Usage =
            "usage: Forecast [--csv FILE --column NAME] [--window 52] [--horizon 4] [--season 52] [--epochs 10] [--seed 1]\n" +
            "  --csv      a CSV file with a header row (default: the weekly Mauna Loa CO2 series in samples/data/co2)\n" +
            "  --column   the column to forecast (default co2); gaps are filled by linear interpolation\n" +
            "  --window   past steps the model sees (default 52; any length)\n" +
            "  --horizon  steps to forecast from each point of the test period (default 4)\n" +
            "  --season   season length for the seasonal naive baseline (default 52)\n" +
            "  --epochs   training epochs (default 10)\n" +
            "  --seed     seed for the weights and the shuffling (default 1)";

        /// <summary>Parses the arguments; <see langword="null"/> when help was asked for.</summary>
        /// <exception cref="ArgumentException">An option is unknown, lacks its value or has a bad value.</exception>
        public static ForecastOptions? Parse(string[] args, string defaultCsv) =>
            CommandLine.Parse(args, new ForecastOptions(defaultCsv, "co2"), (options, name, value) => name switch
            {
                "--csv" => options with { Csv = value },
                "--column" => options with { Column = value },
                "--window" => options with { Window = CommandLine.PositiveInt(name, value) },
                "--horizon" => options with { Horizon = CommandLine.PositiveInt(name, value) },
                "--season" => options with { Season = CommandLine.PositiveInt(name, value) },
                "--epochs" => options with { Epochs = CommandLine.PositiveInt(name, value) },
                "--seed" => options with { Seed = CommandLine.Int64(name, value) },
                _ => throw CommandLine.Unknown(name),
            });
    }
}
