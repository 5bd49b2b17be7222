using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Stochastic gradient descent with the update of <c>torch.optim.SGD</c> (which this replaces): without momentum
    /// θ ← θ − lr·g; with momentum b ← μb + g and θ ← θ − lr·b, or θ ← θ − lr·(g + μb) with Nesterov momentum.
    /// For a constant learning rate this is Keras's SGD (whose velocity is −lr·b).
    /// </summary>
    internal sealed class SgdOptimizer : RnnOptimizer
    {
        private readonly bool _nesterov;
        private readonly Scalar? _momentum;
        private readonly Tensor[]? _buffers;
        private Scalar _negativeLearningRate;

        public SgdOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters, double learningRate, double momentum, bool nesterov,
            double? clipNorm) : base(parameters, learningRate, clipNorm)
        {
            _nesterov = nesterov;
            _negativeLearningRate = -learningRate;
            if (momentum > 0)
            {
                _momentum = momentum;
                _buffers = new Tensor[ParameterCount];
                for (int i = 0; i < ParameterCount; i++) _buffers[i] = AddState(i, "momentum");
            }
        }

        protected override void Apply(IReadOnlyList<Update> updates)
        {
            foreach (var (index, parameter, gradient) in updates)
            {
                if (_buffers is null)
                {
                    parameter.add_(gradient, _negativeLearningRate);
                    continue;
                }
                var buffer = _buffers[index].mul_(_momentum!).add_(gradient, One);
                var direction = _nesterov ? gradient.add(buffer, _momentum!) : buffer;
                parameter.add_(direction, _negativeLearningRate);
            }
        }

        protected override void OnLearningRateChanged()
        {
            _negativeLearningRate.Dispose();
            _negativeLearningRate = -LearningRate;
        }

        protected override void DisposeScalars()
        {
            _negativeLearningRate.Dispose();
            _momentum?.Dispose();
        }
    }
}
