using System;
using System.Linq;
using Rnn;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>A generated token-input model: ids [batch, 6] → Embedding(12, 4) → SimpleRnn → Dense.</summary>
    [Input(6)]
    [Embedding(12, 4)]
    [SimpleRnn(5)]
    [Dense(3)]
    public partial class TokenClassifier { }

    /// <summary>
    /// Fit, Evaluate and Predict check a token model's ids once over their whole input, before any step (the Embedding's
    /// forward no longer checks them on every batch).
    /// </summary>
    public sealed class TokenInputTests
    {
        private static (Tensor X, Tensor Y) Data(long badSample, long badId)
        {
            using var generator = new Generator(5);
            var x = randint(1, 12, new long[] { 10, 6 }, generator: generator);
            x[badSample, 3] = tensor(badId);
            var y = randint(0, 3, new long[] { 10 }, generator: generator);
            return (x, y);
        }

        [Theory]
        [InlineData(7L, 12L)]
        [InlineData(4L, -3L)]
        public void An_id_outside_the_vocabulary_in_any_batch_is_rejected_before_the_first_step(long sample, long id)
        {
            using var model = new TokenClassifier(1);
            var (x, y) = Data(sample, id);
            var before = model.parameters().Select(p => p.detach().clone()).ToList();
            string expected = $"x sample {sample} holds id {id}, outside the vocabulary [0, 12) of embedding (Embedding)";

            // Batches of 2: the bad sample is in a later batch, which the first-sample probe does not see.
            var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, epochs: 1, batchSize: 2, shuffle: false, verbose: 0));
            Assert.Equal("x", e.ParamName);
            Assert.StartsWith("TokenClassifier.Fit: " + expected, e.Message);
            Assert.All(model.parameters().Zip(before), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 0)));

            e = Assert.Throws<ArgumentException>(() => model.Evaluate(x, y, batchSize: 2));
            Assert.StartsWith("TokenClassifier.Evaluate: " + expected, e.Message);
            e = Assert.Throws<ArgumentException>(() => model.Predict(x, batchSize: 2));
            Assert.StartsWith("TokenClassifier.Predict: " + expected, e.Message);

            using var good = randint(1, 12, new long[] { 10, 6 });
            e = Assert.Throws<ArgumentException>(() => model.Fit(good, y, epochs: 1, verbose: 0, validationData: (x, y)));
            Assert.Equal("validationData.X", e.ParamName);
            Assert.StartsWith($"TokenClassifier.Fit: validationData.X sample {sample} holds id {id}", e.Message);
            foreach (var p in before) p.Dispose();
            x.Dispose();
            y.Dispose();
        }

        [Fact]
        public void Ids_within_the_vocabulary_train_evaluate_and_predict()
        {
            using var model = new TokenClassifier(1);
            var (x, y) = Data(0, 11); // 11 is the highest valid id
            x[1, 0] = tensor(0L);     // and 0 the lowest
            var history = model.Fit(x, y, epochs: 2, batchSize: 4, verbose: 0);
            Assert.Equal(2, history["loss"].Count);
            Assert.True(double.IsFinite(model.Evaluate(x, y).Loss));
            using var predictions = model.Predict(x);
            Assert.Equal(new long[] { 10, 3 }, predictions.shape);
            x.Dispose();
            y.Dispose();
        }
    }
}
