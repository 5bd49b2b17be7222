using System;
using System.Globalization;
using Rnn.Samples;

namespace TextGenSample
{
    /// <summary>Command-line options of the TextGen sample.</summary>
    /// <param name="Text">The UTF-8 text file (gzip-compressed when it ends in <c>.gz</c>).</param>
    /// <param name="Minutes">The model's training budget in minutes.</param>
    /// <param name="Seed">The seed of the weights, the batches and the sampling.</param>
    /// <param name="Export">Where to write the model as ONNX; <see langword="null"/> for nowhere.</param>
    public sealed record TextGenOptions(string Text, double Minutes = TextGenOptions.DefaultMinutes, long Seed = 1, string? Export = null)
    {
        /// <summary>
        /// The default training budget. A placeholder until the model exists (issue 17): it is to be the time in which
        /// the model beats the Kneser–Ney baseline on the shipped text on 2 CPU cores, within about 15 minutes.
        /// </summary>
        public const double DefaultMinutes = 15;

        /// <summary>The usage text.</summary>
        public const string Usage =
            "usage: TextGen [--text FILE] [--minutes 15] [--seed 1] [--export model.onnx]\n" +
            "  --text     any UTF-8 text file, gzip-compressed if its name ends in .gz: the first 90% of its characters\n" +
            "             train, the last 10% test (default: the King James Bible, samples/data/kjv/kjv.txt.gz)\n" +
            "  --minutes  the model's training budget in minutes (default 15)\n" +
            "  --seed     seed for the weights, the batches and the sampling (default 1)\n" +
            "  --export   write the trained model's one-step graph to this ONNX file";

        /// <summary>Parses the arguments; <see langword="null"/> when help was asked for.</summary>
        /// <exception cref="ArgumentException">An option is unknown, lacks its value or has a bad value.</exception>
        public static TextGenOptions? Parse(string[] args, string defaultText) =>
            CommandLine.Parse(args, new TextGenOptions(defaultText), (options, name, value) => name switch
            {
                "--text" => options with { Text = value },
                "--minutes" => options with { Minutes = PositiveNumber(name, value) },
                "--seed" => options with { Seed = CommandLine.Int64(name, value) },
                "--export" => options with { Export = value },
                _ => throw CommandLine.Unknown(name),
            });

        private static double PositiveNumber(string name, string value) =>
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) && d > 0
                ? d : throw new ArgumentException($"{name} must be a positive number, not '{value}'.");
    }
}
