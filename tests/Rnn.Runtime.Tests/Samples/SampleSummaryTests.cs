using MnistSample;
using Rnn.Generators.Tests;
using Xunit;

namespace Rnn.Runtime.Tests.Samples
{
    /// <summary>The summaries samples/MnistRnn prints for each --model, as snapshots.</summary>
    public class SampleSummaryTests
    {
        [Fact]
        public void Rnn() => Snapshot.Verify(new MnistRnn(seed: 1).Summary(), nameof(SampleSummaryTests), "Rnn.{state}.txt");

        [Fact]
        public void Lstm() => Snapshot.Verify(new MnistLstm(seed: 1).Summary(), nameof(SampleSummaryTests), "Lstm.{state}.txt");

        [Fact]
        public void Gru() => Snapshot.Verify(new MnistGru(seed: 1).Summary(), nameof(SampleSummaryTests), "Gru.{state}.txt");

        [Fact]
        public void Stacked() => Snapshot.Verify(new MnistStacked(seed: 1).Summary(), nameof(SampleSummaryTests), "Stacked.{state}.txt");

        [Fact]
        public void The_main_job_is_the_tutorial_model_exactly()
        {
            Assert.Equal(21514L, MnistRnn.ParameterCount);
            Assert.Equal(new[] { ("simple_rnn", "SimpleRnn", "(None, 128)", 20224L), ("dense", "Dense", "(None, 10)", 1290L) },
                System.Linq.Enumerable.Select(MnistRnn.Architecture, l => (l.Name, l.Kind, l.OutputShape.ToString(), l.ParameterCount)));
        }
    }
}
