using System;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// A <see cref="RecurrentLayer"/> whose state is <typeparamref name="TState"/>: the typed forms of
    /// <see cref="RecurrentLayer.Forward(Tensor, Tensor?, RecurrentState?)"/> and <see cref="RecurrentLayer.InitialState"/>
    /// that generated models call (<see cref="SimpleRnn"/>, <see cref="Lstm"/>, <see cref="Gru"/>).
    /// </summary>
    /// <typeparam name="TState">The state record of the kind, e.g. <see cref="LstmState"/>.</typeparam>
    public abstract class RecurrentLayer<TState> : RecurrentLayer where TState : RecurrentState
    {
        private protected RecurrentLayer(string name, string kind, long inputSize, long units, bool returnSequences, bool bidirectional,
            MergeMode mergeMode, double dropout)
            : base(name, kind, inputSize, units, returnSequences, bidirectional, mergeMode, dropout) { }

        private protected sealed override Type StateType => typeof(TState);

        /// <summary>
        /// <see cref="RecurrentLayer.Forward(Tensor, Tensor?, RecurrentState?)"/> with the kind's own state: runs the layer
        /// from <paramref name="initialState"/> (zeros when null) and returns its final state.
        /// </summary>
        /// <param name="input">[batch, time, <see cref="RecurrentLayer.InputSize"/>].</param>
        /// <param name="mask">bool [batch, time], true on real steps (right padding), or null.</param>
        /// <param name="initialState">The state's tensors [batch, directions × units]; null for zeros.</param>
        /// <returns>The output, its mask and the final state.</returns>
        /// <exception cref="ArgumentException">The input, the mask or the state does not fit the layer.</exception>
        public (Tensor Output, Tensor? Mask, TState State) Forward(Tensor input, Tensor? mask, TState? initialState)
        {
            var (output, outputMask, state) = base.Forward(input, mask, initialState);
            return (output, outputMask, (TState)state);
        }

        /// <summary>The zero state: each tensor [<paramref name="batchSize"/>, directions × units] on the layer's device and dtype.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
        public new TState InitialState(long batchSize) => (TState)base.InitialState(batchSize);
    }
}
