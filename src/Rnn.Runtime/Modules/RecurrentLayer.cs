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
    /// <c>cuda</c>, dtype changes) moves the wrapped module first, in place, and registers its parameters again, so both
    /// keep the same parameter tensors.
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
        /// A recurrent state in libtorch's layout: the hidden state <see cref="H"/> and, for an LSTM, the cell state
        /// <see cref="C"/>, each [directions, batch, units].
        /// </summary>
        private protected readonly record struct Hidden(Tensor H, Tensor? C);

        /// <summary>The state record of this kind, e.g. <see cref="LstmState"/>.</summary>
        private protected abstract Type StateType { get; }

        /// <summary>True when the state has a cell state besides the hidden state (LSTM).</summary>
        private protected virtual bool HasCell => false;

        /// <summary>A state record of this kind from its tensors [batch, directions × units].</summary>
        private protected abstract RecurrentState NewState(Tensor h, Tensor? c);

        /// <summary>
        /// Runs the wrapped module on a padded batch from <paramref name="initial"/>: the batch-first sequence and the
        /// final state.
        /// </summary>
        private protected abstract (Tensor Sequence, Hidden Final) Run(Tensor input, Hidden initial);

        /// <summary>
        /// Runs the wrapped module on packed sequences from <paramref name="initial"/> (zeros when null, left to
        /// TorchSharp): the packed output and the final state, at each sequence's own last step.
        /// </summary>
        private protected abstract (PackedSequence Sequence, Hidden Final) Run(PackedSequence input, Hidden? initial);

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
        /// Runs the layer from the zero state. Input [batch, time, <see cref="InputSize"/>]; with a mask (right padding),
        /// the batch runs as packed sequences so padding never enters the state. A sequence without any real step (all
        /// masked, or no time steps) keeps the zero state: its output is zeros.
        /// </summary>
        /// <returns>[batch, <see cref="OutputSize"/>] with a null mask, or with <see cref="ReturnSequences"/>
        /// [batch, time, <see cref="OutputSize"/>] with zeros on padded steps and the input mask.</returns>
        /// <exception cref="ArgumentException">The input is not [batch, time, <see cref="InputSize"/>] or the mask is not [batch, time].</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            var (output, outputMask, _) = ForwardCore(input, mask, null, withState: false);
            return new LayerOutput(output, outputMask);
        }

        /// <summary>
        /// Runs the layer from <paramref name="initialState"/> (zeros when null) and returns its final state too: with a
        /// mask, each sequence's final state is taken at its own last real step, and a sequence without any real step
        /// keeps its initial state (its output is then that state's merged H, or zeros on every step with
        /// <see cref="ReturnSequences"/>). A bidirectional layer's backward direction starts from its half of the state at
        /// each sequence's last real step (see <see cref="RecurrentState"/>).
        /// </summary>
        /// <param name="input">[batch, time, <see cref="InputSize"/>].</param>
        /// <param name="mask">bool [batch, time], true on real steps (right padding), or null.</param>
        /// <param name="initialState">The state to start from, of this layer's kind, [batch, directions × <see cref="Units"/>]; null for zeros.</param>
        /// <returns>The output and mask as <see cref="Forward(Tensor, Tensor?)"/> returns them, and the final state (new tensors).</returns>
        /// <exception cref="ArgumentException">The input, the mask or the state does not fit the layer; a state's message gives both shapes.</exception>
        public (Tensor Output, Tensor? Mask, RecurrentState State) Forward(Tensor input, Tensor? mask, RecurrentState? initialState)
        {
            var (output, outputMask, state) = ForwardCore(input, mask, initialState, withState: true);
            return (output, outputMask, state!);
        }

        /// <summary>The zero state for <paramref name="batchSize"/> sequences, on the layer's device and dtype: [batch, directions × <see cref="Units"/>].</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
        public RecurrentState InitialState(long batchSize)
        {
            LayerChecks.Positive(batchSize, _kind, nameof(batchSize));
            var weight = Weight;
            var h = zeros(batchSize, Directions * Units, dtype: weight.dtype, device: weight.device);
            return NewState(h, HasCell ? zeros(batchSize, Directions * Units, dtype: weight.dtype, device: weight.device) : null);
        }

        /// <summary>
        /// True when the wrapped module must run with autograd on even in inference on the CPU: libtorch 2.10's CPU
        /// inference path for an unpacked LSTM (taken when autograd is off) gives wrong outputs here, by up to 0.5 against
        /// the LSTM equations and PyTorch 1.13 (tests/Rnn.Runtime.Tests/Layers/InferenceModeTests.cs). On a GPU the layer
        /// takes cuDNN's path, which is believed right and runs without the workaround (unverified here: no GPU in CI).
        /// </summary>
        private protected virtual bool NeedsAutogradInInference => false;

        /// <summary>
        /// The name of the model that registered this layer (set by <see cref="RnnModel"/>), to start a state's error
        /// message with; null for a layer on its own.
        /// </summary>
        internal string? ModelName { get; set; }

        /// <summary>
        /// Checks a state for a batch of <paramref name="batchSize"/>: this layer's kind, each tensor
        /// [batch, directions × units], on the weights' device and dtype. The one check of a recurrent state's tensors:
        /// <see cref="Forward(Tensor, Tensor?, RecurrentState?)"/> makes it, whether a model or the caller runs the layer;
        /// a model checks only what the layer cannot see (its <c>State</c> type, a missing layer state).
        /// </summary>
        /// <param name="state">The state to check.</param>
        /// <param name="batchSize">The input's batch size.</param>
        /// <exception cref="ArgumentException">It does not fit; the message names the model (when the layer has one), the layer and both shapes.</exception>
        internal void CheckState(RecurrentState? state, long batchSize)
        {
            string owner = ModelName is null ? "" : ModelName + ": ";
            long width = Directions * Units;
            if (state is null || state.GetType() != StateType || state.Tensors.Any(t => t is null || t.dim() != 2 || t.size(0) != batchSize || t.size(1) != width))
            {
                string tensors = HasCell ? "H and C" : "H";
                string layout = Bidirectional ? " (forward units, then backward)" : "";
                throw new ArgumentException(
                    $"{owner}the initial state of {_kind} must be {StateType.Name} with {tensors} [{Format(batchSize)}, {Format(width)}]{layout}, but got {Describe(state)}.",
                    "initialState");
            }
            var weight = Weight;
            foreach (var tensor in state.Tensors)
            {
                if (tensor.dtype != weight.dtype || tensor.device_type != weight.device_type || tensor.device_index != weight.device_index)
                    throw new ArgumentException(
                        $"{owner}the initial state of {_kind} must be {weight.dtype} on {weight.device}, as the layer's weights, but got {tensor.dtype} on {tensor.device}.",
                        "initialState");
            }
        }

        /// <summary><c>LstmState with H [2, 16] and C [2, 16]</c>, or <c>null</c>.</summary>
        private static string Describe(RecurrentState? state)
        {
            if (state is null) return "null";
            string[] names = { "H", "C" };
            var tensors = state.Tensors.Select((t, i) => names[i] + " " + (t is null ? "null" : Shape.Format(t.shape)));
            return state.GetType().Name + " with " + string.Join(" and ", tensors);
        }

        private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>Number of directions: 2 when <see cref="Bidirectional"/>, else 1.</summary>
        private int Directions => Bidirectional ? 2 : 1;

        /// <summary>The input kernel, whose device and dtype the layer's parameters share.</summary>
        private Tensor Weight => get_parameter("weight_ih_l0")!;

        /// <summary>
        /// <see cref="Forward(Tensor, Tensor?)"/> and <see cref="Forward(Tensor, Tensor?, RecurrentState?)"/>: the output
        /// (and the final state when <paramref name="withState"/>) leave this method's dispose scope; the mask passes through.
        /// </summary>
        private (Tensor Output, Tensor? Mask, RecurrentState? State) ForwardCore(Tensor input, Tensor? mask, RecurrentState? initialState, bool withState)
        {
            CheckInput(input, mask);
            if (initialState is not null) CheckState(initialState, input.size(0));
            using var scope = NewDisposeScope();
            var x = training && Dropout > 0 ? DropInputFeatures(input) : input;
            bool autogradWorkaround = NeedsAutogradInInference && !is_grad_enabled() && input.device_type == DeviceType.CPU;
            using var autograd = autogradWorkaround ? enable_grad() : null;
            var (sequence, final) = Compute(x, mask, initialState is null ? null : ToLibtorch(initialState));
            Tensor output = ReturnSequences ? MergeSequence(sequence!) : MergeFinal(final.H);
            if (autogradWorkaround) output = output.detach();
            RecurrentState? state = null;
            if (withState)
            {
                if (autogradWorkaround) final = new Hidden(final.H.detach(), final.C?.detach());
                state = NewState(ToBatchMajor(final.H), final.C is null ? null : ToBatchMajor(final.C));
                foreach (var tensor in state.Tensors) LayerChecks.Keep(scope, tensor);
            }
            return (LayerChecks.Keep(scope, output), ReturnSequences ? mask : null, state);
        }

        /// <summary>
        /// Runs the wrapped module: the batch-first sequence [batch, time, directions × units] (only with
        /// <see cref="ReturnSequences"/> when masked) and the final state.
        /// </summary>
        private (Tensor? Sequence, Hidden Final) Compute(Tensor x, Tensor? mask, Hidden? initial)
        {
            if (mask is not null) return ComputeMasked(x, mask, initial);
            if (x.size(1) == 0) return NoSteps(x, initial);
            // The zero state is passed in: left to TorchSharp, it reads input.shape, which leaves an object to the finalizer per call.
            return Run(x, initial ?? Zeros(x));
        }

        /// <summary>
        /// Runs the sequences that have real steps as packed sequences, so padding never enters the state; a sequence
        /// without any real step keeps its initial state, with zeros for its sequence.
        /// </summary>
        private (Tensor? Sequence, Hidden Final) ComputeMasked(Tensor x, Tensor mask, Hidden? initial)
        {
            var lengths = mask.sum(1, type: ScalarType.Int64).cpu();
            if (lengths.numel() > 0 && lengths.min().LongValue() > 0) return RunPacked(x, lengths, initial);
            var rows = lengths.nonzero().squeeze(1); // packing refuses a sequence of length 0, so only these rows run
            if (rows.numel() == 0) return NoSteps(x, initial);
            var deviceRows = rows.to(x.device);
            var (sequence, final) = RunPacked(x.index_select(0, deviceRows), lengths.index_select(0, rows),
                initial is Hidden start ? new Hidden(start.H.index_select(1, deviceRows), start.C?.index_select(1, deviceRows)) : null);
            var (padded, kept) = NoSteps(x, initial);
            var whole = new Hidden(kept.H.index_copy(1, deviceRows, final.H), kept.C?.index_copy(1, deviceRows, final.C!));
            return (sequence is null ? null : padded!.index_copy(0, deviceRows, sequence), whole);
        }

        /// <summary>Packs <paramref name="x"/> (every length at least 1) and runs it; the sequence is padded back only with <see cref="ReturnSequences"/>.</summary>
        private (Tensor? Sequence, Hidden Final) RunPacked(Tensor x, Tensor lengths, Hidden? initial)
        {
            using var packed = pack_padded_sequence(x, lengths, batch_first: true, enforce_sorted: false);
            // The zero state is passed in: left to TorchSharp, it reads the packed batch sizes, which leaves an object to
            // the finalizer per call.
            var (packedOutput, final) = Run(packed, initial ?? Zeros(x));
            using (packedOutput)
            {
                if (!ReturnSequences) return (null, final);
                var (sequence, _) = pad_packed_sequence(packedOutput, batch_first: true, total_length: x.size(1));
                return (sequence, final);
            }
        }

        /// <summary>What a batch without any real step gives: zeros for the sequence, and the initial state (zeros when null) unchanged.</summary>
        private (Tensor? Sequence, Hidden Final) NoSteps(Tensor x, Hidden? initial)
        {
            var sequence = ReturnSequences ? zeros(x.size(0), x.size(1), Directions * Units, dtype: x.dtype, device: x.device) : null;
            return (sequence, initial ?? Zeros(x));
        }

        /// <summary>The zero state for <paramref name="x"/>'s batch, device and dtype (LSTM: one tensor for both H and C).</summary>
        private Hidden Zeros(Tensor x)
        {
            var zero = zeros(Directions, x.size(0), Units, dtype: x.dtype, device: x.device);
            return new Hidden(zero, HasCell ? zero : null);
        }

        /// <summary>[batch, directions × units] → [directions, batch, units].</summary>
        private Hidden ToLibtorch(RecurrentState state)
        {
            Tensor Split(Tensor t) => t.reshape(t.size(0), Directions, Units).transpose(0, 1).contiguous();
            return new Hidden(Split(state.H), state is LstmState lstm ? Split(lstm.C) : null);
        }

        /// <summary>[directions, batch, units] → [batch, directions × units]: the forward direction's units, then the backward's.</summary>
        private Tensor ToBatchMajor(Tensor hidden) => hidden.transpose(0, 1).reshape(hidden.size(1), Directions * Units);

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

        /// <summary>The output without a time axis: the final hidden state [directions, batch, units] merged.</summary>
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
        /// merged per step; otherwise the final states Y_h [directions, batch, units] merged. When the graph carries the
        /// state, <c>initial_h</c> (and <c>initial_c</c>) come from graph inputs and the final states go to graph outputs
        /// (<see cref="OnnxStateValues"/>); with a mask, a row without any real step keeps its initial state.
        /// </summary>
        internal override OnnxFlow ExportOnnx(OnnxGraphBuilder graph, OnnxFlow input)
        {
            RequireOnnxInput(input, 3, $"[batch, time, {InputSize.ToString(CultureInfo.InvariantCulture)}]");
            string name = GetName();
            string? lengths = input.Mask is null ? null : graph.SequenceLengths(input.Mask);
            string[]? initial = graph.CarriesState ? OnnxStateParts.Select(part => OnnxStateValues.Read(graph, name, part, Directions, Units)).ToArray() : null;
            var (sequence, finals) = OnnxRecurrentNode(graph, input.Value, lengths, initial);
            if (initial is not null) finals = OnnxWriteState(graph, finals, initial, lengths);
            string output = ReturnSequences
                ? OnnxMerge(graph, graph.Transpose(sequence, name + "/batch_major", 2, 0, 1, 3), axis: 2) // [batch, time, directions, units]
                : OnnxMerge(graph, finals[0], axis: 0);
            var dimensions = ReturnSequences
                ? new[] { input.Dimensions[0], input.Dimensions[1], OutputSize }
                : new[] { input.Dimensions[0], OutputSize };
            return new OnnxFlow(output, dimensions, false, ReturnSequences ? input.Mask : null);
        }

        /// <summary>The state's parts as the ONNX value names call them: <c>h</c>, and <c>c</c> for an LSTM.</summary>
        internal string[] OnnxStateParts => HasCell ? new[] { "h", "c" } : new[] { "h" };

        /// <summary>Width of each state tensor: <see cref="Units"/>, twice that for a bidirectional layer (forward units, then backward).</summary>
        internal long StateWidth => Directions * Units;

        /// <summary>
        /// This layer's final state in a stateful graph as the one-direction state it gives a Seq2Seq decoder, for each of
        /// <see cref="OnnxStateParts"/>: the graph output <c>final_state.&lt;layer&gt;.&lt;part&gt;</c> [batch, directions × units],
        /// its directions merged as <see cref="RecurrentState.MergeDirections"/> merges them (Concat: side by side, as it
        /// is; Sum: an Add of the two, [batch, units]).
        /// </summary>
        /// <exception cref="NotSupportedException">A bidirectional layer with another merge mode, which has no one-direction state.</exception>
        internal string[] OnnxDecoderStart(OnnxGraphBuilder graph)
        {
            if (Bidirectional && MergeMode is not (MergeMode.Concat or MergeMode.Sum))
                throw new NotSupportedException(
                    $"{_kind} merges its directions with MergeMode.{MergeMode}, so its final state cannot start a decoder's layer in ONNX; use Concat or Sum.");
            string name = GetName();
            return OnnxStateParts.Select(part =>
            {
                string hint = name + "/decoder_start_" + part;
                string final = OnnxStateValues.OutputName(name, part);
                string directions = graph.Node("Reshape", hint + "/directions", new[] { final, graph.Int64s(hint + "/shape", new[] { 0L, Directions, Units }) });
                return OnnxMerge(graph, directions, axis: 1); // [batch, directions, units] → [batch, units] or Concat's [batch, 2 × units]
            }).ToArray();
        }

        /// <summary>
        /// The operator node on <paramref name="value"/> [batch, time, features]: Y [time, directions, batch, units] and the
        /// final states (Y_h, and Y_c when <paramref name="initial"/> holds a cell state), [directions, batch, units].
        /// </summary>
        /// <param name="graph">The graph under construction.</param>
        /// <param name="value">The layer input.</param>
        /// <param name="lengths">The int32 sequence lengths [batch], or null for full sequences.</param>
        /// <param name="initial">initial_h (and initial_c) [directions, batch, units], or null for zeros.</param>
        private (string Sequence, string[] Finals) OnnxRecurrentNode(OnnxGraphBuilder graph, string value, string? lengths, string[]? initial)
        {
            string name = GetName();
            var onnx = OnnxOperator(Directions);
            string[] weights = OnnxWeights(graph, onnx.GateOrder);
            var inputs = new List<string> { graph.Transpose(value, name + "/time_major", 1, 0, 2), weights[0], weights[1], weights[2] };
            if (lengths is not null || initial is not null) inputs.Add(lengths ?? ""); // sequence_lens, optional
            if (initial is not null) inputs.AddRange(initial);
            var attributes = new List<global::Onnx.AttributeProto>(onnx.Attributes)
            {
                OnnxGraphBuilder.Int("hidden_size", Units),
                OnnxGraphBuilder.String("direction", Bidirectional ? "bidirectional" : "forward"),
            };
            int finals = initial?.Length ?? 1;
            string[] outputs = graph.Node(onnx.OpType, name + "/" + onnx.OpType.ToLowerInvariant(), inputs.ToArray(), 1 + finals, attributes.ToArray());
            return (outputs[0], outputs.Skip(1).ToArray());
        }

        /// <summary>
        /// Writes the final states to the graph outputs, each row without any real step (length 0) keeping its initial
        /// state; returns the states written, [directions, batch, units].
        /// </summary>
        private string[] OnnxWriteState(OnnxGraphBuilder graph, string[] finals, string[] initial, string? lengths)
        {
            string name = GetName();
            string[] parts = OnnxStateParts;
            var written = new string[finals.Length];
            for (int i = 0; i < finals.Length; i++)
            {
                written[i] = lengths is null ? finals[i] : OnnxStateValues.KeepWhereEmpty(graph, finals[i], initial[i], lengths, name + "/final_" + parts[i]);
                OnnxStateValues.Write(graph, written[i], name, parts[i], Directions, Units);
            }
            return written;
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
            Recurrent.to(device, dtype, non_blocking);
            AdoptMovedParameters();
            return base._to(device, dtype, non_blocking);
        }

        /// <inheritdoc/>
        protected override nn.Module _to(DeviceType deviceType, int deviceIndex, bool non_blocking)
        {
            Recurrent.to(deviceType, deviceIndex, non_blocking);
            AdoptMovedParameters();
            return base._to(deviceType, deviceIndex, non_blocking);
        }

        /// <inheritdoc/>
        protected override nn.Module _to(ScalarType dtype, bool non_blocking)
        {
            Recurrent.to(dtype, non_blocking);
            AdoptMovedParameters();
            return base._to(dtype, non_blocking);
        }

        /// <summary>
        /// Registers the wrapped module's parameters again after it moved. The move is in place (set_data), but TorchSharp
        /// still replaces, and disposes, a parameter object whose gradient (e.g. after training) or device index it has to
        /// change: without this, the layer would keep the disposed objects and lose its parameters.
        /// </summary>
        private void AdoptMovedParameters()
        {
            foreach (var (name, parameter) in Recurrent.named_parameters())
                ConditionallyRegisterParameter(name, parameter);
        }

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing) Recurrent.Dispose();
        }
    }
}
