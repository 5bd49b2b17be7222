using System;
using System.Globalization;

namespace Rnn.Samples
{
    /// <summary>
    /// The samples' command lines: <c>--name value</c> pairs and <c>-h</c>/<c>--help</c>, with the typed value checks.
    /// Compiled into each sample project as a linked file (samples/Shared), so every sample parses and reports errors
    /// the same way.
    /// </summary>
    internal static class CommandLine
    {
        /// <summary>
        /// Applies each <c>--name value</c> pair of <paramref name="args"/>, in order, to <paramref name="options"/>
        /// through <paramref name="apply"/>; <see langword="null"/> when help was asked for.
        /// </summary>
        /// <exception cref="ArgumentException">An option lacks its value, or <paramref name="apply"/> rejects it.</exception>
        public static T? Parse<T>(string[] args, T options, Func<T, string, string, T> apply) where T : class
        {
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                if (name is "-h" or "--help") return null;
                if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value, or is not an option.");
                options = apply(options, name, args[++i]);
            }
            return options;
        }

        /// <summary>The error for an option the sample does not have.</summary>
        public static ArgumentException Unknown(string name) => new($"unknown option '{name}'.");

        /// <summary>The value of option <paramref name="name"/> as an integer above 0.</summary>
        /// <exception cref="ArgumentException">It is not one.</exception>
        public static int PositiveInt(string name, string value) =>
            int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
                ? n : throw new ArgumentException($"{name} must be a positive integer, not '{value}'.");

        /// <summary>The value of option <paramref name="name"/> as a 64-bit integer.</summary>
        /// <exception cref="ArgumentException">It is not one.</exception>
        public static long Int64(string name, string value) =>
            long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n)
                ? n : throw new ArgumentException($"{name} must be an integer, not '{value}'.");

        /// <summary>The value of option <paramref name="name"/>, which must be one of <paramref name="allowed"/>.</summary>
        /// <exception cref="ArgumentException">It is none of them.</exception>
        public static string OneOf(string name, string value, params string[] allowed) =>
            Array.IndexOf(allowed, value) >= 0 ? value
                : throw new ArgumentException($"{name} must be {string.Join(", ", allowed[..^1])} or {allowed[^1]}, not '{value}'.");

        /// <summary>
        /// The value of <c>--device</c>, checked by <see cref="ComputeDevice.Parse"/> itself, the one list of device
        /// names: <c>cuda</c> (or <c>cuda:N</c>, the Nth GPU), <c>cpu</c> or <c>auto</c>.
        /// </summary>
        /// <exception cref="ArgumentException">It is none of them.</exception>
        public static string Device(string name, string value)
        {
            try
            {
                ComputeDevice.Parse(value);
                return value;
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"{name} must be cuda, cpu or auto, not '{value}'.");
            }
        }
    }
}
