using System;
using System.Globalization;
using Rnn.Samples;

namespace TextGenSample
{
    /// <summary>Command-line options of the TextGen sample.</summary>
    /// <param name="Text">The UTF-8 text file (gzip-compressed when it ends in <c>.gz</c>).</param>
    /// <param name="Minutes">The most minutes of training, whatever steps are left; <see langword="null"/> for no limit.</param>
    /// <param name="Seed">The seed of the weights and the sampling.</param>
    /// <param name="Export">Where to write the model as ONNX; <see langword="null"/> for nowhere.</param>
    /// <param name="Steps">The training steps, unless the minutes run out first.</param>
    /// <param name="Device">Where the model trains, scores and writes: <c>cuda</c>, <c>cpu</c> or <c>auto</c> (CUDA when TorchSharp finds a GPU, else the CPU).</param>
    public sealed record TextGenOptions(string Text, double? Minutes = null, long Seed = 1, string? Export = null,
        int Steps = TextGenOptions.DefaultSteps, string Device = "auto")
    {
        /// <summary>
        /// The default training steps: a budget of work rather than time, so that the default run trains the same model
        /// however loaded the machine is. On the shipped text it beats the Kneser–Ney baseline (README, "Generating text");
        /// 4,904 steps, which 15 minutes gave on a machine loaded 10 times over, did not (2.002 bits per char).
        /// </summary>
        public const int DefaultSteps = 12_000;

        /// <summary>
        /// The streams trained side by side: the rows of each batch. 16 learns fastest per minute here: per character a
        /// batch of 16 costs about what one of 32 does and one of 64 40% more (the LSTM's large-batch slowdown), and 16
        /// makes twice the steps of 32 (five minutes side by side: 2.42 against 2.60 bits per character).
        /// </summary>
        public int BatchSize { get; init; } = 16;

        /// <summary>Characters per chunk: the time steps of each row of a batch, and how far back gradients flow.</summary>
        public int Length { get; init; } = 100;

        /// <summary>The usage text.</summary>
        public const string Usage =
            "usage: TextGen [--text FILE] [--steps 12000] [--minutes N] [--seed 1] [--export model.onnx] [--device cuda|cpu|auto]\n" +
            "  --text     any UTF-8 text file, gzip-compressed if its name ends in .gz: the first 90% of its characters\n" +
            "             train, the last 10% test (default: the King James Bible, samples/data/kjv/kjv.txt.gz)\n" +
            "  --steps    the model's training steps (default 12000)\n" +
            "  --minutes  stop training after this many minutes if the steps are not done (default: no limit)\n" +
            "  --seed     seed for the weights and the sampling (default 1)\n" +
            "  --export   write the trained model to this ONNX file\n" +
            "  --device   where to train, score and write: cuda (a GPU), cpu, or auto (default: cuda when TorchSharp finds a\n" +
            "             GPU, else cpu)";

        /// <summary>Parses the arguments; <see langword="null"/> when help was asked for.</summary>
        /// <exception cref="ArgumentException">An option is unknown, lacks its value or has a bad value.</exception>
        public static TextGenOptions? Parse(string[] args, string defaultText) =>
            CommandLine.Parse(args, new TextGenOptions(defaultText), (options, name, value) => name switch
            {
                "--text" => options with { Text = value },
                "--minutes" => options with { Minutes = PositiveNumber(name, value) },
                "--steps" => options with { Steps = CommandLine.PositiveInt(name, value) },
                "--seed" => options with { Seed = CommandLine.Int64(name, value) },
                "--export" => options with { Export = value },
                "--device" => options with { Device = CommandLine.Device(name, value) },
                _ => throw CommandLine.Unknown(name),
            });

        private static double PositiveNumber(string name, string value) =>
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) && d > 0
                ? d : throw new ArgumentException($"{name} must be a positive number, not '{value}'.");
    }
}
