using Rnn.Data;

namespace Rnn.Runtime.Tests.Data
{
    /// <summary>The repository's samples/data folder.</summary>
    internal static class SampleData
    {
        public static string Directory() => Mnist.FindSampleDirectory();
    }
}
