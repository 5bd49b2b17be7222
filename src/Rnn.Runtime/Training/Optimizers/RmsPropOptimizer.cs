using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// RMSprop with the update of <c>torch.optim.RMSprop</c> (which this replaces): s ← ρs + (1−ρ)g², then
    /// θ ← θ − lr·g/(√s + ε), or with momentum b ← μb + g/(√s + ε) and θ ← θ − lr·b.
    /// Keras puts ε inside the square root and the learning rate into the momentum buffer; for a constant learning
    /// rate and ε = 1e-7 the two differ only for tiny s.
    /// </summary>
    internal sealed class RmsPropOptimizer : RnnOptimizer
    {
        private readonly Scalar _rho, _oneMinusRho, _epsilon;
        private readonly Scalar? _momentum;
        private readonly Tensor[] _velocities;
        private readonly Tensor[]? _buffers;
        private Scalar _negativeLearningRate;

        public RmsPropOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters, double learningRate, double rho, double momentum,
            double epsilon, double? clipNorm) : base(parameters, learningRate, clipNorm)
        {
            _rho = rho;
            _oneMinusRho = 1 - rho;
            _epsilon = epsilon;
            _negativeLearningRate = -learningRate;
            _velocities = new Tensor[ParameterCount];
            for (int i = 0; i < ParameterCount; i++) _velocities[i] = AddState(i, "velocity");
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
                var velocity = _velocities[index].mul_(_rho).addcmul_(gradient, gradient, _oneMinusRho);
                var denominator = velocity.sqrt().add_(_epsilon, One);
                if (_buffers is null)
                {
                    parameter.addcdiv_(gradient, denominator, _negativeLearningRate);
                    continue;
                }
                var buffer = _buffers[index].mul_(_momentum!).addcdiv_(gradient, denominator, One);
                parameter.add_(buffer, _negativeLearningRate);
            }
        }

        protected override void OnLearningRateChanged()
        {
            _negativeLearningRate.Dispose();
            _negativeLearningRate = -LearningRate;
        }

        protected override void DisposeScalars()
        {
            _rho.Dispose();
            _oneMinusRho.Dispose();
            _epsilon.Dispose();
            _negativeLearningRate.Dispose();
            _momentum?.Dispose();
        }
    }
}
