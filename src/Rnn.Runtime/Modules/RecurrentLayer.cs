using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using Rnn.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.utils.rnn;

namespace Rnn.Modules
{
    /// <summary>
    /// What <see cref="SimpleRnn"/>, <see cref="Lstm"/> and <see cref="Gru"/> share: a batch-first, single-layer TorchSharp
    /// recurrent module whose parameters are registered directly on this layer under PyTorch's names
    /// (<c>weight_ih_l0</c>, <c>weight_hh_l0</c>, <c>bias_ih_l0</c>, <c>bias_hh_l0</c>, plus <c>_reverse</c> when
    /// bidirectional), masks run as packed sequences, bidirectional merging and input dropout.
    /// </summary>
    /// <remarks>
    /// The wrapped module is not a registered child, so parameter names carry no extra prefix
    /// (<c>lstm.weight_ih_l0</c>, never <c>lstm.lstm.weight_ih_l0</c>). Moving the layer (<c>to</c>, <c>cpu</c>,
    /// <c>cuda</c>, dtype changes) moves the wrapped module first, in place, so both keep the same parameter tensors.
    /// </remarks>
    public abstract class RecurrentLayer : Layer
    {
        private readonly string _kind;

        private protected RecurrentLayer(string name, string kind, long inputSize, long units, bool returnSequences, bool bidirectional,
            MergeMode mergeMode, double dropout) : base(name)
        {
            _kind = $"{name} ({kind})";
            InputSize = LayerChecks.Positive(inputSize, _kind, nameof(inputSize));
            Units = LayerChecks.Positive(units, _kind, nameof(units));
            Dropout = LayerChecks.Rate(dropout, _kind, nameof(dropout));
            if (!Enum.IsDefined(mergeMode))
                throw new ArgumentOutOfRangeException(nameof(mergeMode), mergeMode, $"{_kind}: unknown merge mode {mergeMode}.");
            ReturnSequences = returnSequences;
            Bidirectional = bidirectional;
            MergeMode = mergeMode;
        }

        /// <summary>Features per input step.</summary>
        public long InputSize { get; }

        /// <summary>Units (hidden size) of each direction.</summary>
        public long Units { get; }

        /// <summary>True: the output is the whole sequence [batch, time, width]; false: each sequence's final state [batch, width].</summary>
        public bool ReturnSequences { get; }

        /// <summary>True when a second, backward direction runs over each sequence from its real last step.</summary>
        public bool Bidirectional { get; }

        /// <summary>How the two directions' outputs combine when <see cref="Bidirectional"/>.</summary>
        public MergeMode MergeMode { get; }

        /// <summary>Fraction of input features dropped in training (one dropout mask per sequence, as Keras).</summary>
        public double Dropout { get; }

        /// <summary>Output width: <see cref="Units"/>, or twice that for a bidirectional layer with <see cref="MergeMode.Concat"/>.</summary>
        public long OutputSize => Bidirectional && MergeMode == MergeMode.Concat ? 2 * Units : Units;

        /// <summary>The wrapped TorchSharp module (not a registered child).</summary>
        private protected abstract nn.Module Recurrent { get; }

        /// <summary>
        /// Runs the wrapped module on a padded batch from the zero state <paramref name="initial"/> [directions, batch,
        /// units]: the batch-first sequence and the final hidden state [directions, batch, units].
        /// </summary>
        private protected abstract (Tensor Sequence, Tensor Final) Run(Tensor input, Tensor initial);

        /// <summary>Runs the wrapped module on packed sequences: the packed output and the final hidden state [directions, batch, units].</summary>
        private protected abstract (PackedSequence Sequence, Tensor Final) Run(PackedSequence input);

        /// <summary>The ONNX operator of this kind, its gate order and its attributes, for <paramref name="directions"/> directions.</summary>
        private protected abstract OnnxRecurrence OnnxOperator(int directions);

        /// <summary>
        /// Registers the wrapped module's parameters on this layer under their own names; call once from the constructor.
        /// They belong to the layer, not to a dispose scope that happens to be open while the model is built.
        /// </summary>
        private protected void AdoptParameters()
        {
            foreach (var (name, parameter) in Recurrent.named_parameters())
                register_parameter(name, (Parameter)parameter.DetachFromDisposeScope());
        }

        /// <summary>
        /// Runs the layer. Input [batch, time, <see cref="InputSize"/>]; with a mask (right padding), the batch runs as
        /// packed sequences so padding never enters the state.
        /// </summary>
        /// <returns>[batch, <see cref="OutputSize"/>] with a null mask, or with <see cref="ReturnSequences"/>
        /// [batch, time, <see cref="OutputSize"/>] with zeros on padded steps and the input mask.</returns>
        /// <exception cref="ArgumentException">The input is not [batch, time, <see cref="InputSize"/>] or the mask is not [batch, time].</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            CheckInput(input, mask);
            using var scope = NewDisposeScope();
            var x = training && Dropout > 0 ? DropInputFeatures(input) : input;
            bool autogradWorkaround = NeedsAutogradInInference && !is_grad_enabled();
            using var autograd = autogradWorkaround ? enable_grad() : null;
            Tensor output = Compute(x, input.size(1), mask);
            if (autogradWorkaround) output = output.detach();
            return new LayerOutput(LayerChecks.Keep(scope, output), ReturnSequences ? mask : null);
        }

        /// <summary>
        /// True when the wrapped module must run with autograd on even in inference: libtorch 2.10's CPU inference path
        /// for an unpacked LSTM (taken when autograd is off) gives wrong outputs here, by up to 0.5 against the LSTM
        /// equations and PyTorch 1.13 (tests/Rnn.Runtime.Tests/Layers/InferenceModeTests.cs).
        /// </summary>
        private protected virtual bool NeedsAutogradInInference => false;

        private Tensor Compute(Tensor x, long time, Tensor? mask)
        {
            Tensor output;
            if (mask is null)
            {
                // The zero state is passed in: left to TorchSharp, it reads input.shape, which leaves an object to the finalizer per call.
                var initial = zeros(Bidirectional ? 2 : 1, x.size(0), Units, dtype: x.dtype, device: x.device);
                var (sequence, final) = Run(x, initial);
                output = ReturnSequences ? MergeSequence(sequence) : MergeFinal(final);
            }
            else
            {
                using var one = 1.ToScalar(); // explicit Scalars: nothing is left for the finalizer on the training path
                using var lengths = mask.sum(1, type: ScalarType.Int64).clamp_min(one).cpu(); // length 0 runs one (padding) step
                using var packed = pack_padded_sequence(x, lengths, batch_first: true, enforce_sorted: false);
                var (packedOutput, final) = Run(packed);
                using (packedOutput)
                {
                    if (ReturnSequences)
                    {
                        var (sequence, _) = pad_packed_sequence(packedOutput, batch_first: true, total_length: time);
                        output = MergeSequence(sequence);
                    }
                    else output = MergeFinal(final);
                }
            }
            return output;
        }

        private void CheckInput(Tensor input, Tensor? mask)
        {
            string expected = $"[batch, time, {InputSize.ToString(CultureInfo.InvariantCulture)}]";
            LayerChecks.Rank(input, 3, _kind, expected);
            if (input.size(2) != InputSize)
                throw new ArgumentException($"{_kind} expects input {expected} but got {Shape.Format(input.shape)}.", nameof(input));
            if (mask is not null && (mask.dim() != 2 || mask.size(0) != input.size(0) || mask.size(1) != input.size(1)))
                throw new ArgumentException(
                    $"{_kind} expects a mask [{input.shape[0].ToString(CultureInfo.InvariantCulture)}, {input.shape[1].ToString(CultureInfo.InvariantCulture)}] " +
                    $"for input {Shape.Format(input.shape)} but got {Shape.Format(mask.shape)}.", nameof(mask));
        }

        /// <summary>Keras's recurrent input dropout: one mask of kept features per sequence, the same at every step.</summary>
        internal Tensor DropInputFeatures(Tensor input)
        {
            double keep = 1 - Dropout;
            var kept = empty(new[] { input.size(0), 1, input.size(2) }, dtype: input.dtype, device: input.device).bernoulli_(keep);
            using var scale = (1 / keep).ToScalar();
            return input * kept.mul_(scale);
        }

        private Tensor MergeFinal(Tensor final) => Bidirectional ? Merge(final[0], final[1]) : final[0];

        private Tensor MergeSequence(Tensor sequence) =>
            Bidirectional ? Merge(sequence.narrow(-1, 0, Units), sequence.narrow(-1, Units, Units)) : sequence;

        private Tensor Merge(Tensor forward, Tensor backward) => MergeMode switch
        {
            MergeMode.Concat => cat(new[] { forward, backward }, -1),
            MergeMode.Sum => forward + backward,
            MergeMode.Multiply => forward * backward,
            MergeMode.Average => Half(forward + backward),
            _ => throw new InvalidOperationException($"{_kind}: unknown merge mode {MergeMode}."),
        };

        private static Tensor Half(Tensor sum)
        {
            using var half = 0.5.ToScalar();
            return sum.mul_(half);
        }

        /// <summary>
        /// ONNX's own RNN/LSTM/GRU operator (time-major, between Transposes) with the weights in ONNX's gate order and one
        /// bias [Wb, Rb] per direction; a mask becomes <c>sequence_lens</c>. Sequences: Y [time, directions, batch, units]
        /// merged per step; otherwise the final states Y_h [directions, batch, units] merged.
        /// </summary>
        internal override OnnxFlow ExportOnnx(OnnxGraphBuilder graph, OnnxFlow input)
        {
            RequireOnnxInput(input, 3, $"[batch, time, {InputSize.ToString(CultureInfo.InvariantCulture)}]");
            string name = GetName();
            int directions = Bidirectional ? 2 : 1;
            var onnx = OnnxOperator(directions);
            string[] weights = OnnxWeights(graph, onnx.GateOrder);
            string timeMajor = graph.Transpose(input.Value, name + "/time_major", 1, 0, 2);
            var inputs = new List<string> { timeMajor, weights[0], weights[1], weights[2] };
            if (input.Mask is not null) inputs.Add(graph.SequenceLengths(input.Mask));
            var attributes = new List<global::Onnx.AttributeProto>(onnx.Attributes)
            {
                OnnxGraphBuilder.Int("hidden_size", Units),
                OnnxGraphBuilder.String("direction", Bidirectional ? "bidirectional" : "forward"),
            };
            string[] outputs = graph.Node(onnx.OpType, name + "/" + onnx.OpType.ToLowerInvariant(), inputs.ToArray(), 2, attributes.ToArray());
            string output;
            if (ReturnSequences)
            {
                string batchMajor = graph.Transpose(outputs[0], name + "/batch_major", 2, 0, 1, 3); // [batch, time, directions, units]
                output = OnnxMerge(graph, batchMajor, axis: 2);
            }
            else output = OnnxMerge(graph, outputs[1], axis: 0);
            var dimensions = ReturnSequences
                ? new[] { input.Dimensions[0], input.Dimensions[1], OutputSize }
                : new[] { input.Dimensions[0], OutputSize };
            return new OnnxFlow(output, dimensions, false, ReturnSequences ? input.Mask : null);
        }

        /// <summary>W [directions, gates × units, inputSize], R [directions, gates × units, units], B [directions, 2 × gates × units].</summary>
        private string[] OnnxWeights(OnnxGraphBuilder graph, IReadOnlyList<int> gateOrder)
        {
            var parameters = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (parameterName, parameter) in named_parameters()) parameters[parameterName] = parameter;
            string[] suffixes = Bidirectional ? new[] { "", "_reverse" } : new[] { "" };
            using var scope = NewDisposeScope();
            Tensor Gates(string parameterName, string suffix) =>
                cat(gateOrder.Select(g => parameters[parameterName + "_l0" + suffix].detach().narrow(0, g * Units, Units)).ToArray(), 0);
            var w = stack(suffixes.Select(s => Gates("weight_ih", s)).ToArray());
            var r = stack(suffixes.Select(s => Gates("weight_hh", s)).ToArray());
            var b = stack(suffixes.Select(s => cat(new[] { Gates("bias_ih", s), Gates("bias_hh", s) }, 0)).ToArray());
            string name = GetName();
            return new[] { graph.Initializer(name + ".W", w), graph.Initializer(name + ".R", r), graph.Initializer(name + ".B", b) };
        }

        /// <summary>Takes the directions apart along <paramref name="axis"/> and merges them as <see cref="MergeMode"/> says.</summary>
        private string OnnxMerge(OnnxGraphBuilder graph, string value, long axis)
        {
            string name = GetName();
            string Direction(long index, string label) =>
                graph.Node("Gather", name + "/" + label, new[] { value, graph.Int64s(name + "/" + label + "_index", new[] { index }, scalar: true) },
                    OnnxGraphBuilder.Int("axis", axis));
            string forward = Direction(0, "forward");
            if (!Bidirectional) return forward;
            string backward = Direction(1, "backward");
            return MergeMode switch
            {
                MergeMode.Concat => graph.Node("Concat", name + "/concat", new[] { forward, backward }, OnnxGraphBuilder.Int("axis", -1)),
                MergeMode.Sum => graph.Node("Add", name + "/sum", new[] { forward, backward }),
                MergeMode.Multiply => graph.Node("Mul", name + "/multiply", new[] { forward, backward }),
                MergeMode.Average => graph.Node("Mul", name + "/average",
                    new[] { graph.Node("Add", name + "/sum", new[] { forward, backward }), graph.FloatScalar(name + "/half", 0.5f) }),
                _ => throw new NotSupportedException($"{_kind} cannot be exported to ONNX: unknown merge mode {MergeMode}."),
            };
        }

        /// <summary>Does nothing: the parameters are registered by the constructor, and the wrapped module must stay unregistered.</summary>
        protected override void RegisterComponents() { }

        /// <inheritdoc/>
        protected override nn.Module _to(Device device, ScalarType dtype, bool non_blocking)
        {
            Recurrent.to(device, dtype, non_blocking); // in place (set_data), so the registered parameters follow
            return base._to(device, dtype, non_blocking);
        }

        /// <inheritdoc/>
        protected override nn.Module _to(DeviceType deviceType, int deviceIndex, bool non_blocking)
        {
            Recurrent.to(deviceType, deviceIndex, non_blocking);
            return base._to(deviceType, deviceIndex, non_blocking);
        }

        /// <inheritdoc/>
        protected override nn.Module _to(ScalarType dtype, bool non_blocking)
        {
            Recurrent.to(dtype, non_blocking);
            return base._to(dtype, non_blocking);
        }

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing) Recurrent.Dispose();
        }
    }
}
