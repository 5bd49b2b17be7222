using System;
using System.IO;
using TorchSharp;

namespace Rnn.Samples
{
    /// <summary>The samples' entry point: parse the options, print the usage on help or bad options, run, map errors to exit codes.</summary>
    internal static class SampleMain
    {
        /// <summary>
        /// Parses <paramref name="args"/> with <paramref name="parse"/> and runs <paramref name="run"/> with one intra-op
        /// thread. Returns 0 on success or help, 2 for bad options (with the usage on stderr), 1 when the run fails on
        /// bad input, a file it cannot read or a GPU that is not there.
        /// </summary>
        public static int Run<T>(string[] args, Func<string[], T?> parse, string usage, Action<T> run) where T : class
        {
            T? options;
            try
            {
                options = parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                Console.Error.WriteLine(usage);
                return 2;
            }
            if (options is null)
            {
                Console.WriteLine(usage);
                return 0;
            }
            try
            {
                // The samples' models are small: one intra-op thread beats two that spin against each other, by far on a busy machine.
                NativeSetup.EnsureLoaded();
                torch.set_num_threads(1);
                run(options);
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException || IsMissingDevice(e))
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        }

        /// <summary>
        /// True for the runtime's error when <c>--device cuda</c> names a GPU that is not there (it says which package and
        /// driver are needed): a problem with the machine, not a bug, so it gets one line rather than a stack trace.
        /// </summary>
        private static bool IsMissingDevice(Exception e) =>
            e is InvalidOperationException && e.TargetSite?.DeclaringType == typeof(ComputeDevice);
    }
}
