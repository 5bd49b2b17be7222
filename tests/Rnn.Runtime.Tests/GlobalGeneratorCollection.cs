using Xunit;

namespace Rnn.Runtime.Tests
{
    /// <summary>
    /// Tests that draw from, seed or read TorchSharp's global generator (dropout, shuffling, sampling without a seed), or
    /// whose figures depend on its draws, run alone, after the parallel tests: any other test may draw from it meanwhile.
    /// </summary>
    [CollectionDefinition(nameof(GlobalGeneratorCollection), DisableParallelization = true)]
    public sealed class GlobalGeneratorCollection { }
}
