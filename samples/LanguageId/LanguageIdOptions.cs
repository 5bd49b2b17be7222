using System;
using Rnn.Samples;

namespace LanguageIdSample
{
    /// <summary>Command-line options of the LanguageId sample.</summary>
    public sealed record LanguageIdOptions(string Data, int Epochs = 10, long Seed = 1, int BatchSize = 64, double TestFraction = 0.2, double LearningRate = 5e-3)
    {
        /// <summary>The usage text.</summary>
        public const string Usage =
            "usage: LanguageId [--data DIR] [--epochs 10] [--seed 1]\n" +
            "  --data    a folder of <label>.txt UTF-8 files, one example per line, any number of classes, any script\n" +
            "            (default: the word lists of ten languages in samples/data/languages)\n" +
            "  --epochs  training epochs (default 10)\n" +
            "  --seed    seed for the train/test split, the weights and the shuffling (default 1)";

        /// <summary>Parses the arguments; <see langword="null"/> when help was asked for.</summary>
        /// <exception cref="ArgumentException">An option is unknown, lacks its value or has a bad value.</exception>
        public static LanguageIdOptions? Parse(string[] args, string defaultData) =>
            CommandLine.Parse(args, new LanguageIdOptions(defaultData), (options, name, value) => name switch
            {
                "--data" => options with { Data = value },
                "--epochs" => options with { Epochs = CommandLine.PositiveInt(name, value) },
                "--seed" => options with { Seed = CommandLine.Int64(name, value) },
                _ => throw CommandLine.Unknown(name),
            });
    }
}
