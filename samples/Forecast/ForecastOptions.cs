using System;
using System.Globalization;

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
        public static ForecastOptions? Parse(string[] args, string defaultCsv)
        {
            var options = new ForecastOptions(defaultCsv, "co2");
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                if (name is "-h" or "--help") return null;
                if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value, or is not an option.");
                string value = args[++i];
                options = name switch
                {
                    "--csv" => options with { Csv = value },
                    "--column" => options with { Column = value },
                    "--window" => options with { Window = Positive(name, value) },
                    "--horizon" => options with { Horizon = Positive(name, value) },
                    "--season" => options with { Season = Positive(name, value) },
                    "--epochs" => options with { Epochs = Positive(name, value) },
                    "--seed" => options with
                    {
                        Seed = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long s)
                            ? s : throw new ArgumentException($"--seed must be an integer, not '{value}'."),
                    },
                    _ => throw new ArgumentException($"unknown option '{name}'."),
                };
            }
            return options;
        }

        private static int Positive(string name, string value) =>
            int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
                ? n : throw new ArgumentException($"{name} must be a positive integer, not '{value}'.");
    }
}
