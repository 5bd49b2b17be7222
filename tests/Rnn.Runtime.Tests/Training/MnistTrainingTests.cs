using System.Diagnostics;
using Rnn;
using Rnn.Data;
using Xunit;
using Xunit.Abstractions;

namespace Rnn.Runtime.Tests.Training
{
    public sealed class MnistTrainingTests
    {
        private readonly ITestOutputHelper _output;

        public MnistTrainingTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void SimpleRnnRelu_OnShippedDigits_ReachesNinetyPercent()
        {
            using var data = Mnist.Load(Mnist.FindSampleDirectory());
            using var model = new TestRnn(units: 128, seed: 1);
            var log = new System.IO.StringWriter();
            var clock = Stopwatch.StartNew();

            var history = model.Fit(data.TrainImages, data.TrainLabels, epochs: 4, batchSize: 64, validationSplit: 0.1, seed: 1, output: log);
            var (loss, accuracy) = model.Evaluate(data.TestImages, data.TestLabels);

            _output.WriteLine(log.ToString());
            _output.WriteLine($"test loss {loss:F4}, accuracy {accuracy:P2}, {clock.Elapsed.TotalSeconds:F1} s");
            Assert.True(accuracy >= 0.90, $"test accuracy {accuracy:P2} after 4 epochs; expected at least 90%");
            Assert.True(history["val_accuracy"][^1] >= 0.85, $"validation accuracy {history["val_accuracy"][^1]:P2}");
        }
    }
}
