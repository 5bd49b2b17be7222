using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Rnn.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace LanguageIdSample
{
    /// <summary>Trains the character model and predicts with it.</summary>
    internal static class CharacterModel
    {
        public static nn.Module<Tensor, Tensor> Train(LabeledTexts train, Vocabulary vocabulary, LanguageIdOptions options, TextWriter output)
        {
            Rnn.NativeSetup.EnsureLoaded();
            var model = new CharacterClassifier(LanguageIdRun.MaxVocabulary, train.Classes.Count, new torch.Generator(unchecked((ulong)options.Seed)));
            using var x = LanguageIdRun.Encode(vocabulary, train);
            using var y = torch.tensor(train.Labels.Select(l => (long)l).ToArray());
            var generator = new torch.Generator(unchecked((ulong)options.Seed) + 1);
            using var optimizer = torch.optim.Adam(model.parameters(), 2e-3);
            long n = x.shape[0];
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                model.train();
                double total = 0;
                using var order = torch.randperm(n, generator: generator);
                for (long start = 0; start < n; start += options.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    var index = order[TensorIndex.Slice(start, Math.Min(start + options.BatchSize, n))];
                    var loss = nn.functional.cross_entropy(model.call(x[index]), y[index]);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    total += loss.item<float>() * index.shape[0];
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch}/{options.Epochs} - loss: {total / n:F4}"));
            }
            return model;
        }

        public static int[] Predict(nn.Module<Tensor, Tensor> model, Tensor x)
        {
            using var scope = NewDisposeScope();
            using var noGrad = torch.no_grad();
            model.eval();
            return model.call(x).argmax(1).data<long>().Select(v => (int)v).ToArray();
        }
    }
}
