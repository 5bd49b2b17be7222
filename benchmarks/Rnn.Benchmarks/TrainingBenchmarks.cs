using System;
using System.Collections.Generic;
using MnistSample;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Benchmarks
{
    /// <summary>Generated models and the runtime's loops against hand-written TorchSharp code, paired.</summary>
    internal sealed class TrainingBenchmarks
    {
        private readonly int _pairs;
        private readonly int _fitSamples;

        public TrainingBenchmarks(bool quick)
        {
            _pairs = quick ? 7 : 21;
            _fitSamples = quick ? 1280 : 6400;
        }

        public static RnnModel Generated(string kind) => kind switch
        {
            "rnn" => new MnistRnn(1),
            "lstm" => new MnistLstm(1),
            "gru" => new MnistGru(1),
            _ => new MnistStacked(1),
        };

        /// <summary>Only the Fit vs minimal loop comparison (<c>--only fit</c>).</summary>
        public PairedResult RunFit()
        {
            using var generator = new Generator(7);
            using var x = rand(new long[] { _fitSamples, 28, 28 }, generator: generator);
            using var y = randint(0, 10, new long[] { _fitSamples }, generator: generator);
            return FitEpoch(x, y);
        }

        public IEnumerable<PairedResult> Run()
        {
            using var generator = new Generator(7);
            using var x = rand(new long[] { _fitSamples, 28, 28 }, generator: generator);
            using var y = randint(0, 10, new long[] { _fitSamples }, generator: generator);
            foreach (var kind in new[] { "rnn", "lstm", "gru", "stacked" })
                yield return TrainingStep(kind, x, y);
            yield return TextStep(generator);
            yield return ConvStep(generator);
            yield return FitEpoch(x, y);
            yield return Predict(x);
            yield return BatchOneLatency();
        }

        /// <summary>One training step (forward, loss, backward, Adam) on a batch of 64, generated vs hand-written.</summary>
        private PairedResult TrainingStep(string kind, Tensor x, Tensor y)
        {
            using var generated = Generated(kind);
            using var hand = new HandWrittenModel(kind);
            return CompareSteps($"training step, {kind}, batch 64", generated, hand, x.narrow(0, 0, 64), y.narrow(0, 0, 64));
        }

        /// <summary>The text model's step on 64 right-padded id sequences of 4 to 24 characters.</summary>
        private PairedResult TextStep(Generator generator)
        {
            using var lengths = randint(4, 25, new long[] { 64, 1 }, generator: generator);
            using var positions = arange(24L).unsqueeze(0);
            using var padding = positions.ge(lengths);
            using var ids = randint(2, 64, new long[] { 64, 24 }, generator: generator).masked_fill_(padding, 0L);
            using var labels = randint(0, 10, new long[] { 64 }, generator: generator);
            using var generated = new TextGru(1);
            using var hand = new HandWrittenTextGru();
            return CompareSteps("training step, text (masked bidirectional GRU), batch 64", generated, hand, ids, labels);
        }

        /// <summary>The Conv1D model's step on 64 sequences of 64 steps of 8 features.</summary>
        private PairedResult ConvStep(Generator generator)
        {
            using var x = rand(new long[] { 64, 64, 8 }, generator: generator);
            using var labels = randint(0, 10, new long[] { 64 }, generator: generator);
            using var generated = new ConvLstm(1);
            using var hand = new HandWrittenConvLstm();
            return CompareSteps("training step, Conv1D + LSTM, batch 64", generated, hand, x, labels);
        }

        private PairedResult CompareSteps(string name, nn.Module<Tensor, Tensor> generated, nn.Module<Tensor, Tensor> hand, Tensor batchX, Tensor batchY)
        {
            using var generatedAdam = Optimizers.Adam().Create(generated.named_parameters());
            using var handAdam = Optimizers.Adam().Create(hand.named_parameters());
            return Paired.Compare(name, "generated", () => CrossEntropyStep.Run(generated, generatedAdam, batchX, batchY),
                "hand-written", () => CrossEntropyStep.Run(hand, handAdam, batchX, batchY), _pairs, repeat: 5);
        }

        /// <summary>One epoch of <see cref="RnnModel.Fit"/> (loss and accuracy each step) vs a minimal loop (loss only).</summary>
        private PairedResult FitEpoch(Tensor x, Tensor y)
        {
            using var model = new MnistRnn(1);
            model.Compile(optimizer: Optimizers.Adam());
            using var other = new MnistRnn(1);
            using var adam = Optimizers.Adam().Create(other.named_parameters());
            using var shuffle = new Generator(1);
            double lossSum = 0;
            Action<Tensor, Tensor> addLoss = (_, loss) =>
            {
                using var value = loss.ToScalar();
                lossSum += value.ToDouble();
            };
            void Minimal()
            {
                using var order = randperm(x.shape[0], generator: shuffle);
                other.train();
                lossSum = 0;
                for (long start = 0; start < x.shape[0]; start += 64)
                {
                    using var scope = NewDisposeScope();
                    var indices = order.narrow(0, start, Math.Min(64, x.shape[0] - start));
                    CrossEntropyStep.Run(other, adam, x.index_select(0, indices), y.index_select(0, indices), addLoss);
                }
            }
            return Paired.Compare($"Fit, 1 epoch of {x.shape[0]} samples, rnn, batch 64", "Fit", () => model.Fit(x, y, epochs: 1, batchSize: 64, verbose: 0),
                "minimal loop", Minimal, Math.Max(5, _pairs / 2), warmup: 1);
        }

        /// <summary>Predict over the samples in batches of 256 vs a hand loop with the same model.</summary>
        private PairedResult Predict(Tensor x)
        {
            using var model = new MnistLstm(1);
            Tensor HandLoop()
            {
                model.eval();
                using var noGrad = no_grad();
                var parts = new List<Tensor>();
                for (long start = 0; start < x.shape[0]; start += 256)
                {
                    using var scope = NewDisposeScope();
                    parts.Add(model.call(x.narrow(0, start, Math.Min(256, x.shape[0] - start))).MoveToOuterDisposeScope());
                }
                var all = cat(parts, 0);
                foreach (var part in parts) part.Dispose();
                model.train();
                return all;
            }
            return Paired.Compare($"Predict, {x.shape[0]} samples, lstm, batch 256", "Predict", () => model.Predict(x, 256).Dispose(),
                "hand loop", () => HandLoop().Dispose(), _pairs, warmup: 1);
        }

        /// <summary>One sample through the generated LSTM model vs the hand-written one, without gradients.</summary>
        private PairedResult BatchOneLatency()
        {
            using var generated = new MnistLstm(1);
            using var hand = new HandWrittenModel("lstm");
            generated.eval();
            hand.eval();
            using var one = rand(1, 28, 28);
            void Once(nn.Module<Tensor, Tensor> model)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                model.call(one);
            }
            return Paired.Compare("batch-1 latency, lstm", "generated", () => Once(generated), "hand-written", () => Once(hand),
                _pairs * 3, warmup: 10, repeat: 20);
        }
    }
}
