using System;
using System.Collections.Generic;
using Xunit;

namespace Rnn.Runtime.Tests.Training
{
    public class LearningRateTests
    {
        [Fact]
        public void LearningRate_reads_and_sets_the_optimizer_rate()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            model.Compile(optimizer: Optimizers.Sgd(0.05));
            Assert.Equal(0.05, model.LearningRate);
            model.LearningRate = 0.01;
            Assert.Equal(0.01, model.LearningRate);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.LearningRate = 0);
            Assert.Contains("TestRnn.LearningRate must be a positive finite number, but was 0", e.Message);
        }

        [Fact]
        public void Scheduler_sets_the_rate_of_every_epoch()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            var (x, y) = TestData.Random(20);
            var recorder = new LearningRateRecorder();
            model.Fit(x, y, epochs: 3, batchSize: 10, seed: 1, verbose: 0,
                callbacks: new Callback[] { new LearningRateScheduler((epoch, rate) => 0.1 / (epoch + 1)), recorder });
            Assert.Equal(new[] { 0.1, 0.05, 0.1 / 3 }, recorder.AtEpochEnd);
        }

        [Fact]
        public void CosineDecay_falls_from_the_initial_rate_along_half_a_cosine()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            var (x, y) = TestData.Random(20);
            var recorder = new LearningRateRecorder();
            model.Fit(x, y, epochs: 4, batchSize: 10, seed: 1, verbose: 0,
                callbacks: new Callback[] { LearningRateScheduler.CosineDecay(1e-3, epochs: 4, alpha: 0.1), recorder });
            double[] expected = { 1e-3, 1e-3 * (0.9 * 0.5 * (1 + Math.Cos(Math.PI / 4)) + 0.1), 1e-3 * 0.55, 1e-3 * (0.9 * 0.5 * (1 + Math.Cos(3 * Math.PI / 4)) + 0.1) };
            Assert.Equal(expected.Length, recorder.AtEpochEnd.Count);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], recorder.AtEpochEnd[i], 12);
        }

        [Fact]
        public void Bad_schedules_and_arguments_are_rejected()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateScheduler.CosineDecay(0, 10));
            Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateScheduler.CosineDecay(1e-3, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateScheduler.CosineDecay(1e-3, 10, alpha: 2));
            Assert.Throws<ArgumentNullException>(() => new LearningRateScheduler(null!));
            using var model = new TestRnn(units: 4, seed: 1);
            var (x, y) = TestData.Random(20);
            var e = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, epochs: 1, batchSize: 10, verbose: 0,
                callbacks: new[] { new LearningRateScheduler((_, _) => double.NaN) }));
            Assert.Contains("returned NaN for epoch 0", e.Message);
        }
    }
}
