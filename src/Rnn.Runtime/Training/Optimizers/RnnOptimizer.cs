using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The base of the runtime's optimizers (<see cref="AdamOptimizer"/>, <see cref="SgdOptimizer"/>,
    /// <see cref="RmsPropOptimizer"/>). Unlike TorchSharp 0.107's <c>optim</c> optimizers, whose <c>step()</c> converts
    /// doubles to <see cref="Scalar"/>s that only finalizers free (about seven per parameter per Adam step), a step here
    /// leaves nothing for the finalizer: hyper-parameters are <see cref="Scalar"/>s created once and disposed with the
    /// optimizer, per-step values (bias corrections) are created and disposed within the step, and every temporary
    /// tensor lives in the step's dispose scope.
    /// </summary>
    /// <remarks>
    /// The state (moments, velocities) is a list of named tensors, <see cref="State"/>, plus the step counter
    /// <see cref="Iterations"/>: everything a training checkpoint needs to save and restore to resume exactly.
    /// </remarks>
    internal abstract class RnnOptimizer : IDisposable
    {
        private readonly (string Name, Parameter Parameter)[] _parameters;
        private readonly List<(string Name, Tensor Value)> _state = new();
        private readonly Scalar? _clipNorm;
        private readonly Scalar _one = 1.0;
        private double _learningRate;
        private bool _disposed;

        /// <param name="parameters">The model's named parameters, e.g. from <c>named_parameters()</c>.</param>
        /// <param name="learningRate">The initial learning rate.</param>
        /// <param name="clipNorm">When set, each gradient is scaled down to this L2 norm if its norm is larger (Keras's per-variable <c>clipnorm</c>).</param>
        protected RnnOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters, double learningRate, double? clipNorm)
        {
            _parameters = parameters.ToArray();
            _learningRate = learningRate;
            ClipNorm = clipNorm;
            if (clipNorm is double norm) _clipNorm = norm;
        }

        /// <summary>The Scalar 1, for the <c>alpha</c>/<c>value</c> arguments whose defaults would create an undisposed Scalar.</summary>
        protected Scalar One => _one;

        /// <summary>The number of parameters this optimizer updates.</summary>
        protected int ParameterCount => _parameters.Length;

        /// <summary>The learning rate of the next steps. Setting it keeps the state (moments are not reset).</summary>
        public double LearningRate
        {
            get => _learningRate;
            set
            {
                _learningRate = value;
                OnLearningRateChanged();
            }
        }

        /// <summary>The per-variable gradient norm limit, or null for none.</summary>
        public double? ClipNorm { get; }

        /// <summary>Steps taken so far, as Keras's <c>optimizer.iterations</c>; Adam's bias corrections depend on it.</summary>
        public long Iterations { get; internal set; }

        /// <summary>
        /// The optimizer's state tensors, named <c>{parameter}/{slot}</c> (e.g. <c>simple_rnn.weight_ih_l0/m</c>), in
        /// parameter order. These are the live tensors: copying saved values into them (under <c>no_grad</c>) together
        /// with <see cref="Iterations"/> restores the optimizer.
        /// </summary>
        public IReadOnlyList<(string Name, Tensor Value)> State => _state;

        /// <summary>
        /// Copies the state of <paramref name="other"/>, an optimizer of the same kind over the same parameters (e.g. before
        /// they moved to another device), into this one's state tensors, with its step count and learning rate.
        /// </summary>
        /// <exception cref="InvalidOperationException">The two optimizers' states differ in their names.</exception>
        public void TakeStateOf(RnnOptimizer other)
        {
            if (other._state.Count != _state.Count)
                throw new InvalidOperationException($"An optimizer with {other._state.Count} state tensors cannot give its state to one with {_state.Count}.");
            using var noGrad = no_grad();
            for (int i = 0; i < _state.Count; i++)
            {
                if (other._state[i].Name != _state[i].Name)
                    throw new InvalidOperationException($"The optimizer state '{other._state[i].Name}' cannot be copied into '{_state[i].Name}'.");
                _state[i].Value.copy_(other._state[i].Value);
            }
            Iterations = other.Iterations;
            LearningRate = other.LearningRate;
        }

        /// <summary>Clears the gradients (sets them to none, as <c>torch.optim</c>'s default), ready for the next backward pass.</summary>
        public void zero_grad()
        {
            foreach (var (_, parameter) in _parameters) parameter.grad = null;
        }

        /// <summary>Updates every parameter that has a gradient, and counts the step.</summary>
        public void step()
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Iterations++;
            var updates = new List<Update>(_parameters.Length);
            for (int i = 0; i < _parameters.Length; i++)
            {
                var parameter = _parameters[i].Parameter;
                var gradient = parameter.grad;
                if (gradient is null) continue;
                if (_clipNorm is not null) ClipByNorm(gradient, _clipNorm);
                updates.Add(new Update(i, parameter, gradient));
            }
            Apply(updates);
        }

        /// <summary>Applies one step to the parameters that have gradients; <see cref="Iterations"/> already counts this step.</summary>
        protected abstract void Apply(IReadOnlyList<Update> updates);

        /// <summary>Called after <see cref="LearningRate"/> changed, to recreate cached Scalars that depend on it.</summary>
        protected virtual void OnLearningRateChanged() { }

        /// <summary>A zero state tensor shaped like parameter <paramref name="index"/>, named <c>{parameter}/{slot}</c>, owned by the optimizer.</summary>
        protected Tensor AddState(int index, string slot)
        {
            var (name, parameter) = _parameters[index];
            Tensor value;
            using (no_grad())
                value = zeros_like(parameter).DetachFromDisposeScope();
            _state.Add(($"{name}/{slot}", value));
            return value;
        }

        /// <summary>Scales <paramref name="gradient"/> in place to norm at most <paramref name="clipNorm"/>, as Keras's <c>clip_by_norm</c>.</summary>
        private static void ClipByNorm(Tensor gradient, Scalar clipNorm)
        {
            // g * c / max(‖g‖, c): unchanged when ‖g‖ <= c (up to rounding), scaled to norm c otherwise.
            using var norm = gradient.mul(gradient).sum().sqrt_().clamp_min_(clipNorm);
            gradient.mul_(clipNorm).div_(norm);
        }

        /// <summary>Releases the state tensors and cached Scalars.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var (_, value) in _state) value.Dispose();
            _state.Clear();
            _clipNorm?.Dispose();
            _one.Dispose();
            DisposeScalars();
        }

        /// <summary>Disposes the Scalars a subclass caches.</summary>
        protected abstract void DisposeScalars();

        /// <summary>One parameter to update: its index (for the state arrays), the parameter and its gradient.</summary>
        protected readonly record struct Update(int Index, Tensor Parameter, Tensor Gradient);
    }
}
