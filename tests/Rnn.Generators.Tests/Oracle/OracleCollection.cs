using Xunit;

namespace Rnn.Generators.Tests.Oracle
{
    /// <summary>
    /// TorchSharp's random state (<c>torch.manual_seed</c>) is process-wide: the oracle tests seed it and must not
    /// run alongside anything else that draws from it.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class OracleCollection
    {
        public const string Name = "Oracle";
    }
}
