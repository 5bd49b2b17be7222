using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Benchmarks
{
    /// <summary>
    /// The training step every benchmark times, written once: zero the gradients, forward, cross-entropy, backward and the
    /// optimizer's step, in its own dispose scope.
    /// </summary>
    internal static class CrossEntropyStep
    {
        /// <summary>
        /// One step of <paramref name="model"/> on <paramref name="input"/> and class ids <paramref name="labels"/>.
        /// <paramref name="inspect"/>, when given, sees the outputs and the loss before the scope disposes them.
        /// </summary>
        public static void Run(nn.Module<Tensor, Tensor> model, RnnOptimizer optimizer, Tensor input, Tensor labels,
            Action<Tensor, Tensor>? inspect = null)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var outputs = model.call(input);
            var loss = nn.functional.cross_entropy(outputs, labels);
            loss.backward();
            optimizer.step();
            inspect?.Invoke(outputs, loss);
        }
    }
}
