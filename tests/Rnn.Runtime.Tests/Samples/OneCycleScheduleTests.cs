using System;
using System.Collections.Generic;
using System.Linq;
using MnistSample;
using Rnn.Runtime.Tests.Training;
using Xunit;

namespace Rnn.Runtime.Tests.Samples
{
    public class OneCycleScheduleTests
    {
        [Fact]
        public void The_rate_rises_linearly_to_the_peak_then_falls_along_a_cosine_to_a_ten_thousandth()
        {
            // 2 epochs of 50 steps, 10% warm-up: steps 0..10 rise, 10..99 fall.
            var schedule = new OneCycleSchedule(peak: 0.01, epochs: 2, stepsPerEpoch: 50, warmUp: 0.1);

            Assert.Equal(0.01 / 25, schedule.Rate(0), 12);
            Assert.Equal(0.01 / 25 + (0.01 - 0.01 / 25) * 5 / 10, schedule.Rate(5), 12);
            Assert.Equal(0.01, schedule.Rate(10), 12);
            Assert.Equal(0.01 / 1e4, schedule.Rate(99), 12);
            // Without warm-up, over 21 steps: halfway down the cosine (step 10 of 0..20) is the mean of the peak and the end.
            var noWarmUp = new OneCycleSchedule(peak: 0.01, epochs: 1, stepsPerEpoch: 21, warmUp: 0);
            Assert.Equal(0.01, noWarmUp.Rate(0), 12);
            Assert.Equal((0.01 + 0.01 / 1e4) / 2, noWarmUp.Rate(10), 12);
            var rates = Enumerable.Range(0, 100).Select(schedule.Rate).ToList();
            for (int i = 1; i <= 10; i++) Assert.True(rates[i] > rates[i - 1], $"step {i} should rise");
            for (int i = 11; i < 100; i++) Assert.True(rates[i] < rates[i - 1], $"step {i} should fall");
        }

        [Fact]
        public void Fit_sets_the_rate_of_every_step_from_the_schedule()
        {
            NativeSetup.EnsureLoaded();
            using var x = TorchSharp.torch.rand(new long[] { 40, 28, 28 });
            using var y = TorchSharp.torch.randint(0, 10, new long[] { 40 });
            using var model = new MnistRnn(1);
            model.Compile(optimizer: Optimizers.Adam(0.01));
            var schedule = new OneCycleSchedule(peak: 0.01, epochs: 2, stepsPerEpoch: 4, warmUp: 0.25);
            var seen = new LearningRateRecorder();

            model.Fit(x, y, epochs: 2, batchSize: 10, verbose: 0, callbacks: new Callback[] { schedule, seen });

            Assert.Equal(Enumerable.Range(0, 8).Select(schedule.Rate).ToList(), seen.AtEachStep);
        }

        [Theory]
        [InlineData(0, 1, 1, 0.1)]
        [InlineData(0.01, 0, 1, 0.1)]
        [InlineData(0.01, 1, 0, 0.1)]
        [InlineData(0.01, 1, 1, 1.0)]
        [InlineData(double.NaN, 1, 1, 0.1)]
        public void Bad_arguments_are_rejected(double peak, int epochs, int stepsPerEpoch, double warmUp) =>
            Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycleSchedule(peak, epochs, stepsPerEpoch, warmUp));
    }
}
