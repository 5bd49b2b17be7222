using System.Collections.Generic;
using Rnn;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>A hand-written model like the generator's output: SimpleRnn(relu) over [batch, time, features], then Dense on the last step.</summary>
    internal sealed class TestRnn : RnnModel
    {
        private static readonly Shape InputShape = new(null, null, 28);
        private readonly Modules.SimpleRnn simple_rnn;
        private readonly Modules.Dense dense;

        public TestRnn(int units = 32, long? seed = null, int classes = 10) : base("test_rnn")
        {
            using var generator = GeneratedModelSupport.CreateGenerator(seed);
            simple_rnn = new Modules.SimpleRnn("simple_rnn", 28, units, Activation.Relu, returnSequences: false, bidirectional: false, MergeMode.Concat, dropout: 0, generator);
            dense = new Modules.Dense("dense", units, classes, Activation.None, generator);
            RegisterComponents();
        }

        /// <summary>When set, each Forward call first records the thread's live tensor count here.</summary>
        public List<long>? LiveCountAtForward { get; set; }

        public override Tensor Forward(Tensor input)
        {
            LiveCountAtForward?.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            GeneratedModelSupport.CheckInput(input, "test_rnn", InputShape);
            return dense.Forward(simple_rnn.Forward(input, null).Output, null).Output;
        }

        public override string Summary() => "test_rnn";
    }

    /// <summary>Small random data sets drawn from their own generator, so tests running in parallel do not interfere.</summary>
    internal static class TestData
    {
        public static (Tensor X, Tensor Y) Random(long samples, long seed = 7, long timesteps = 4, int classes = 10)
        {
            using var generator = new Generator((ulong)seed);
            var x = randn(new[] { samples, timesteps, 28 }, generator: generator);
            var y = randint(0, classes, new[] { samples }, generator: generator);
            return (x, y);
        }
    }
}
