using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Adam with the update of <c>torch.optim.Adam</c> (which this replaces, so results are unchanged):
    /// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε).
    /// Keras adds ε to √v before the bias correction instead; with ε = 1e-7 the two differ only for tiny v.
    /// </summary>
    internal sealed class AdamOptimizer : RnnOptimizer
    {
        private readonly double _beta1, _beta2;
        private readonly Scalar _beta1Scalar, _beta2Scalar, _oneMinusBeta1, _oneMinusBeta2, _epsilon;
        private readonly Tensor[] _m, _v;

        public AdamOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters, double learningRate, double beta1, double beta2,
            double epsilon, double? clipNorm) : base(parameters, learningRate, clipNorm)
        {
            _beta1 = beta1;
            _beta2 = beta2;
            _beta1Scalar = beta1;
            _beta2Scalar = beta2;
            _oneMinusBeta1 = 1 - beta1;
            _oneMinusBeta2 = 1 - beta2;
            _epsilon = epsilon;
            _m = new Tensor[ParameterCount];
            _v = new Tensor[ParameterCount];
            for (int i = 0; i < ParameterCount; i++)
            {
                _m[i] = AddState(i, "m");
                _v[i] = AddState(i, "v");
            }
        }

        protected override void Apply(IReadOnlyList<Update> updates)
        {
            double biasCorrection1 = 1 - Math.Pow(_beta1, Iterations);
            double biasCorrection2 = 1 - Math.Pow(_beta2, Iterations);
            using Scalar sqrtBiasCorrection2 = Math.Sqrt(biasCorrection2);
            using Scalar negativeStepSize = -LearningRate / biasCorrection1;
            foreach (var (index, parameter, gradient) in updates)
            {
                var m = _m[index];
                var v = _v[index];
                m.mul_(_beta1Scalar).add_(gradient, _oneMinusBeta1);
                v.mul_(_beta2Scalar).addcmul_(gradient, gradient, _oneMinusBeta2);
                var denominator = v.sqrt().div_(sqrtBiasCorrection2).add_(_epsilon, One);
                parameter.addcdiv_(m, denominator, negativeStepSize);
            }
        }

        protected override void DisposeScalars()
        {
            _beta1Scalar.Dispose();
            _beta2Scalar.Dispose();
            _oneMinusBeta1.Dispose();
            _oneMinusBeta2.Dispose();
            _epsilon.Dispose();
        }
    }
}
