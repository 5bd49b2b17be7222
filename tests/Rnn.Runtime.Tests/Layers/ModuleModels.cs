using System.Collections.Generic;
using System.Linq;
using Rnn.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>
    /// Hand-written models built from the layer modules the way docs/design/layers.md says generated models are: one field
    /// per layer named as the layer, <c>ForwardWithMask</c> running each layer's <c>Forward(x, mask)</c> in a dispose scope.
    /// </summary>
    internal abstract class LayerStack : RnnModel
    {
        private readonly Shape _input;
        private readonly List<Layer> _layers = new();

        protected LayerStack(string name, Shape input) : base(name) => _input = input;

        protected void Add(Layer layer)
        {
            register_module(layer.GetName(), layer);
            _layers.Add(layer);
        }

        public IReadOnlyList<Layer> Layers => _layers;

        public override IReadOnlyList<Layer> LayerModules => _layers;

        public override Shape ModelInputShape => _input;

        /// <summary>Token models declare [batch, time]; float models [batch, time, features].</summary>
        public override bool InputIsTokens => _input.Count == 2;

        public override (Tensor Output, Tensor? Mask) ForwardWithMask(Tensor input)
        {
            if (input.dtype == ScalarType.Int64) GeneratedModelSupport.CheckTokenInput(input, GetName(), _input);
            else GeneratedModelSupport.CheckInput(input, GetName(), _input);
            using var scope = NewDisposeScope();
            Tensor x = input;
            Tensor? mask = null;
            foreach (var layer in _layers) (x, mask) = layer.Forward(x, mask);
            return (LayerKeep(scope, x, input), mask is null ? null : LayerKeep(scope, mask, null));
        }

        private static Tensor LayerKeep(DisposeScope scope, Tensor t, Tensor? input) =>
            ReferenceEquals(t, input) || !scope.Contains(t) ? t : scope.MoveToOuter(t);

        public override Tensor Forward(Tensor input) => ForwardWithMask(input).Output;

        /// <summary>As a generated model's: each recurrent layer runs from its part of the state (zeros when null).</summary>
        protected override (Tensor Output, Tensor? Mask, ModelState State) ForwardWithStateCore(Tensor input, ModelState? initialState)
        {
            if (input.dtype == ScalarType.Int64) GeneratedModelSupport.CheckTokenInput(input, GetName(), _input);
            else GeneratedModelSupport.CheckInput(input, GetName(), _input);
            using var scope = NewDisposeScope();
            Tensor x = input;
            Tensor? mask = null;
            var states = new List<RecurrentState>();
            foreach (var layer in _layers)
            {
                if (layer is RecurrentLayer recurrent)
                {
                    (x, mask, var state) = recurrent.Forward(x, mask, initialState?.Layers[states.Count]);
                    states.Add(state);
                }
                else (x, mask) = layer.Forward(x, mask);
            }
            return GeneratedModelSupport.MoveOut(scope, x, mask, new LayerStackState(states));
        }

        /// <summary>The zero state of every recurrent layer.</summary>
        public LayerStackState InitialState(long batchSize) =>
            new(_layers.OfType<RecurrentLayer>().Select(layer => layer.InitialState(batchSize)).ToArray());

        public override string Summary() => GetName();
    }

    internal static class ModuleModels
    {
        private static readonly Shape Mnist = new(null, 28, 28);

        public sealed class MnistRnn : LayerStack
        {
            public MnistRnn(long seed) : base("MnistRnn", Mnist)
            {
                using var g = new Generator((ulong)seed);
                Add(new SimpleRnn("simple_rnn", 28, 128, Activation.Relu, false, false, MergeMode.Concat, 0, g));
                Add(new Dense("dense", 128, 10, Activation.None, g));
            }
        }

        public sealed class MnistLstm : LayerStack
        {
            public MnistLstm(long seed) : base("MnistLstm", Mnist)
            {
                using var g = new Generator((ulong)seed);
                Add(new Lstm("lstm", 28, 128, false, false, MergeMode.Concat, 0, g));
                Add(new Dense("dense", 128, 10, Activation.None, g));
            }
        }

        public sealed class MnistGru : LayerStack
        {
            public MnistGru(long seed) : base("MnistGru", Mnist)
            {
                using var g = new Generator((ulong)seed);
                Add(new Gru("gru", 28, 128, false, false, MergeMode.Concat, 0, g));
                Add(new Dense("dense", 128, 10, Activation.None, g));
            }
        }

        public sealed class MnistStacked : LayerStack
        {
            public MnistStacked(long seed) : base("MnistStacked", Mnist)
            {
                using var g = new Generator((ulong)seed);
                Add(new Lstm("lstm", 28, 64, true, false, MergeMode.Concat, 0, g));
                Add(new Lstm("lstm_1", 64, 64, false, false, MergeMode.Concat, 0, g));
                Add(new Dense("dense", 64, 10, Activation.None, g));
            }
        }

        /// <summary>Rnn.Runtime.Tests.Model.StackedModel.</summary>
        public sealed class StackedModel : LayerStack
        {
            public StackedModel(long seed) : base("StackedModel", Mnist)
            {
                using var g = new Generator((ulong)seed);
                Add(new SimpleRnn("simple_rnn", 28, 32, Activation.Tanh, true, false, MergeMode.Concat, 0, g));
                Add(new Lstm("lstm", 32, 24, true, false, MergeMode.Concat, 0, g));
                Add(new Gru("gru", 24, 16, false, false, MergeMode.Concat, 0, g));
                Add(new Dense("dense", 16, 8, Activation.Relu, g));
                Add(new Dense("dense_1", 8, 10, Activation.None, g));
            }
        }

        /// <summary>Rnn.Runtime.Tests.Model.LstmSequences: a per-step Dense.</summary>
        public sealed class LstmSequences : LayerStack
        {
            public LstmSequences(long seed) : base("LstmSequences", new Shape(null, 12, 5))
            {
                using var g = new Generator((ulong)seed);
                Add(new Lstm("lstm", 5, 20, true, false, MergeMode.Concat, 0, g));
                Add(new Dense("dense", 20, 4, Activation.None, g));
            }
        }

        /// <summary>Rnn.Runtime.Tests.Model.GruSequences.</summary>
        public sealed class GruSequences : LayerStack
        {
            public GruSequences(long seed) : base("GruSequences", new Shape(null, 9, 7))
            {
                using var g = new Generator((ulong)seed);
                Add(new Gru("gru", 7, 11, true, false, MergeMode.Concat, 0, g));
                Add(new Dense("dense", 11, 6, Activation.Tanh, g));
            }
        }

        /// <summary>Rnn.Runtime.Tests.Model.DenseThenRnn.</summary>
        public sealed class DenseThenRnn : LayerStack
        {
            public DenseThenRnn(long seed) : base("DenseThenRnn", new Shape(null, 6, 3))
            {
                using var g = new Generator((ulong)seed);
                Add(new Dense("dense", 3, 5, Activation.None, g));
                Add(new SimpleRnn("simple_rnn", 5, 4, Activation.Tanh, false, false, MergeMode.Concat, 0, g));
            }
        }

        /// <summary>A text model: token ids → Embedding(MaskZero) → Bidirectional Lstm with sequences → Dense per step.</summary>
        public sealed class Tagger : LayerStack
        {
            public Tagger(long seed) : base("Tagger", new Shape(null, null))
            {
                using var g = new Generator((ulong)seed);
                Add(new Embedding("embedding", 50, 8, true, g));
                Add(new Lstm("bidirectional", 8, 6, true, true, MergeMode.Concat, 0, g));
                Add(new Dense("dense", 12, 3, Activation.Softmax, g));
            }
        }

        public static IEnumerable<string> LayerNames(LayerStack model) => model.Layers.Select(l => l.GetName());
    }
}
