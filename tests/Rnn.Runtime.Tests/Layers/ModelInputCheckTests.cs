using System;
using System.Collections.Generic;
using System.Linq;
using Rnn.Modules;
using Rnn.Runtime.Tests.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>
    /// The per-layer input check (<see cref="Layer.CheckModelInput"/>): Fit, Evaluate and Predict ask the first layer once per
    /// call and per input argument, before any step (later layers, e.g. a positional Embedding, see other tensors); a layer of the user's own and a model without an Embedding work as before.
    /// </summary>
    public sealed class ModelInputCheckTests
    {
        /// <summary>A pass-through layer that records its input checks and the batch sizes (and training mode) it runs on, and can reject the input.</summary>
        private sealed class CheckingLayer : Layer
        {
            private readonly string? _rejection;

            public CheckingLayer(string? rejection = null) : base("checking") => _rejection = rejection;

            public List<string> Events { get; } = new();

            public override LayerOutput Forward(Tensor input, Tensor? mask)
            {
                Events.Add($"forward {input.size(0)}{(training ? " training" : "")}");
                return new LayerOutput(input, mask);
            }

            protected internal override void CheckModelInput(Tensor input, string caller, string argument)
            {
                Events.Add($"check {caller} {argument} {input.size(0)}");
                if (_rejection is not null) throw new ArgumentException($"{caller}: {argument} {_rejection}", argument);
            }
        }

        /// <summary>[batch, 4, 28] → the checking layer → SimpleRnn(8) → Dense(10): no Embedding.</summary>
        private sealed class CheckedRnn : LayerStack
        {
            public CheckedRnn(CheckingLayer checking) : base("CheckedRnn", new Shape(null, 4, 28))
            {
                using var g = new Generator(3);
                Add(checking);
                Add(new SimpleRnn("simple_rnn", 28, 8, Activation.Tanh, false, false, MergeMode.Concat, 0, g));
                Add(new Dense("dense", 8, 10, Activation.None, g));
            }
        }

        private static List<string> Checks(CheckingLayer layer) => layer.Events.Where(e => e.StartsWith("check", StringComparison.Ordinal)).ToList();

        [Fact]
        public void Fit_asks_the_first_layer_once_per_input_before_the_first_training_batch_and_trains_as_usual()
        {
            var checking = new CheckingLayer();
            using var model = new CheckedRnn(checking);
            var (x, y) = TestData.Random(10);
            var (vx, vy) = TestData.Random(3, seed: 8);

            var history = model.Fit(x, y, epochs: 3, batchSize: 2, seed: 1, verbose: 0, validationData: (vx, vy));

            Assert.Equal(new[] { "check CheckedRnn.Fit x 10", "check CheckedRnn.Fit validationData.X 3" }, Checks(checking));
            int firstBatch = checking.Events.IndexOf("forward 2 training");
            Assert.True(firstBatch > checking.Events.LastIndexOf("check CheckedRnn.Fit validationData.X 3"), string.Join("; ", checking.Events));
            // 3 epochs of 5 training batches.
            Assert.Equal(15, checking.Events.Count(e => e == "forward 2 training"));
            Assert.Equal(3, history["loss"].Count);
            Assert.All(history["loss"], loss => Assert.True(double.IsFinite(loss)));
            foreach (var t in new[] { x, y, vx, vy }) t.Dispose();
        }

        [Fact]
        public void Evaluate_and_Predict_ask_the_first_layer_once_per_call()
        {
            var checking = new CheckingLayer();
            using var model = new CheckedRnn(checking);
            var (x, y) = TestData.Random(10);

            model.Evaluate(x, y, batchSize: 4);
            using var predictions = model.Predict(x, batchSize: 4);

            Assert.Equal(new[] { "check CheckedRnn.Evaluate x 10", "check CheckedRnn.Predict x 10" }, Checks(checking));
            Assert.Equal(new long[] { 10, 10 }, predictions.shape);
            x.Dispose();
            y.Dispose();
        }

        [Fact]
        public void A_layer_that_rejects_the_input_stops_Fit_Evaluate_and_Predict_before_any_step()
        {
            var checking = new CheckingLayer("is not what the checking layer takes");
            using var model = new CheckedRnn(checking);
            var (x, y) = TestData.Random(10);
            var before = model.parameters().Select(p => p.detach().clone()).ToList();

            var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, epochs: 1, batchSize: 2, verbose: 0));
            Assert.Equal("x", e.ParamName);
            Assert.StartsWith("CheckedRnn.Fit: x is not what the checking layer takes", e.Message);
            e = Assert.Throws<ArgumentException>(() => model.Evaluate(x, y));
            Assert.StartsWith("CheckedRnn.Evaluate: x is not what the checking layer takes", e.Message);
            e = Assert.Throws<ArgumentException>(() => model.Predict(x));
            Assert.StartsWith("CheckedRnn.Predict: x is not what the checking layer takes", e.Message);

            Assert.DoesNotContain(checking.Events, ev => ev.StartsWith("forward", StringComparison.Ordinal));
            Assert.All(model.parameters().Zip(before), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 0)));
            foreach (var p in before) p.Dispose();
            x.Dispose();
            y.Dispose();
        }

        /// <summary>A hand-written token model: word ids through one Embedding, plus a positional Embedding fed positions 0..time-1, not the input.</summary>
        private sealed class PositionalModel : RnnModel
        {
            private readonly Embedding embedding;
            private readonly Embedding position;
            private readonly Dense dense;

            public PositionalModel(long positions) : base("PositionalModel")
            {
                using var g = new Generator(5);
                embedding = new Embedding("embedding", 100, 4, false, g);
                position = new Embedding("position", positions, 4, false, g);
                dense = new Dense("dense", 4, 2, Activation.None, g);
                RegisterComponents();
            }

            public override bool InputIsTokens => true;

            public override Tensor Forward(Tensor input)
            {
                using var scope = NewDisposeScope();
                using var positions = arange(input.size(1), dtype: ScalarType.Int64).unsqueeze(0).expand(input.size(0), -1);
                var h = embedding.Forward(input, null).Output + position.Forward(positions, null).Output;
                return dense.Forward(h.mean(new long[] { 1 }), null).Output.MoveToOuterDisposeScope();
            }

            public override string Summary() => "PositionalModel";
        }

        [Fact]
        public void Only_the_layer_that_reads_the_input_checks_it_so_a_positional_Embedding_does_not_reject_word_ids()
        {
            using var model = new PositionalModel(positions: 5);
            using var x = randint(1, 100, new long[] { 3, 5 }, dtype: ScalarType.Int64, generator: new Generator(2));
            using var bad = x.clone();
            bad[2, 4] = tensor(100L);

            using var predictions = model.Predict(x); // ids up to 99: beyond the positional table's 5 rows, within the word table's 100
            Assert.Equal(new long[] { 3, 2 }, predictions.shape);
            var error = Assert.Throws<ArgumentException>(() => model.Predict(bad));
            Assert.Contains("sample 2 holds id 100, outside the vocabulary [0, 100) of embedding", error.Message);
        }
    }
}
