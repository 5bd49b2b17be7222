using System;
using System.Globalization;
using System.IO;
using Rnn;
using TorchSharp;
using static TorchSharp.torch;

namespace ForecastSample
{
    /// <summary>A plain mean-squared-error training loop (Adam, shuffled mini-batches), until Fit takes float targets.</summary>
    internal static class MinimalTraining
    {
        public static void Fit(RnnModel model, Tensor x, Tensor y, int epochs, int batchSize, long seed, TextWriter output)
        {
            var generator = new torch.Generator(unchecked((ulong)seed));
            using var optimizer = torch.optim.Adam(model.parameters(), 1e-3);
            long n = x.shape[0];
            for (int epoch = 1; epoch <= epochs; epoch++)
            {
                model.train();
                double total = 0;
                using var order = torch.randperm(n, generator: generator);
                for (long start = 0; start < n; start += batchSize)
                {
                    using var scope = NewDisposeScope();
                    var index = order[TensorIndex.Slice(start, Math.Min(start + batchSize, n))];
                    var loss = torch.nn.functional.mse_loss(model.Forward(x[index]), y[index]);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    total += loss.item<float>() * index.shape[0];
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch}/{epochs} - loss: {total / n:F4}"));
            }
        }
    }
}
