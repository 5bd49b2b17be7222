using System;
using System.Globalization;
using System.Threading;
using Rnn.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// What <see cref="Attention"/> and <see cref="AdditiveAttention"/> share (Keras's attention layers): scores between
    /// each query step and each value step, a softmax over the value steps that gives padded and (with
    /// <see cref="Causal"/>) later steps zero weight, and the weighted sum of the values as the context. The output is the
    /// query followed by the context, [batch, query time, query features + value features], zeros on padded query steps,
    /// with the query's mask.
    /// </summary>
    /// <remarks>
    /// Keras's <c>Attention</c> returns the context alone; Rnn returns what <c>Concatenate()([query, context])</c> after it
    /// gives, Luong's input to the decoder's output layer, so a following Dense sees both. In a model's forward pass (a
    /// plain stack) a layer attends over its own input: <see cref="Forward"/>. An encoder–decoder attends over another
    /// sequence with <see cref="Attend"/>, a whole target sequence or one step at a time. Keys are the values, as in
    /// Keras when no key is given. A layer cannot be subclassed outside the runtime.
    /// </remarks>
    public abstract class AttentionLayer : Layer
    {
        /// <summary>What a masked score becomes before the softmax (Keras's 1e9 bias), so its weight is exactly 0.</summary>
        private const double MaskedScore = -1e9;

        private Tensor? _lastWeights;

        private protected AttentionLayer(string name, string kind, bool useScale, bool causal, double dropout) : base(name)
        {
            Kind = $"{name} ({kind})";
            UseScale = useScale;
            Causal = causal;
            Dropout = LayerChecks.Rate(dropout, Kind, nameof(dropout));
        }

        /// <summary>How messages name the layer: <c>attention (Attention)</c>.</summary>
        private protected string Kind { get; }

        /// <summary>True when the layer learns a scale of its scores (see the kind for its shape).</summary>
        public bool UseScale { get; }

        /// <summary>
        /// True when query step i sees value steps 0 … i only (Keras <c>use_causal_mask</c>): steps are aligned from the
        /// start, so it is meant for self-attention. A one-step call sees only the first value step: with no cache of the
        /// earlier queries, a model with causal self-attention cannot run one step at a time.
        /// </summary>
        public bool Causal { get; }

        /// <summary>Fraction of the attention weights dropped in training (Keras <c>dropout</c>); 0 drops nothing.</summary>
        public double Dropout { get; }

        /// <summary>
        /// The attention weights of the last call made without gradients (<see cref="RnnModel.Predict"/>,
        /// <see cref="RnnModel.Evaluate"/>, validation during <c>Fit</c>, or any call under <c>torch.no_grad()</c>):
        /// [batch, query time, value time], each row summing to 1 over the real value steps it may see, and all zeros for a
        /// padded query step or one that may see no real value step; before dropout. Null until such a call.
        /// </summary>
        /// <remarks>
        /// Calls with gradients (training) do not record weights, so training does no extra work. The tensor is owned by
        /// the layer: do not dispose it. The next recording call on any thread replaces and disposes it, as does disposing
        /// the layer, so clone it to keep it.
        /// </remarks>
        public Tensor? LastWeights => Volatile.Read(ref _lastWeights);

        /// <summary>Self-attention: <paramref name="input"/> is the query, the key and the value; the mask passes through.</summary>
        /// <param name="input">[batch, time, features].</param>
        /// <param name="mask">bool [batch, time], true on real steps, or null.</param>
        /// <returns>[batch, time, 2 × features] (the input, then the context), zeros on padded steps, and <paramref name="mask"/>.</returns>
        /// <exception cref="ArgumentException">The input is not [batch, time, features] fitting the layer, or the mask is not [batch, time].</exception>
        public override LayerOutput Forward(Tensor input, Tensor? mask)
        {
            LayerChecks.Rank(input, 3, Kind, "[batch, time, features]");
            return Attend(input, mask, input, mask);
        }

        /// <summary>
        /// Attends with <paramref name="query"/> over <paramref name="memory"/> (its values and keys), e.g. a decoder over its
        /// encoder's output sequence. A query of one step, [batch, 1, features], attends as that step of a longer query
        /// would (without <see cref="Causal"/>), so a decoder can run one step at a time.
        /// </summary>
        /// <param name="query">[batch, query time, features].</param>
        /// <param name="queryMask">bool [batch, query time], true on real steps, or null; padded query steps give zeros.</param>
        /// <param name="memory">[batch, value time, features], the same features as the query.</param>
        /// <param name="memoryMask">bool [batch, value time], true on real steps, or null; padded steps get zero weight.</param>
        /// <returns>[batch, query time, 2 × features] (the query, then the context) and <paramref name="queryMask"/>.</returns>
        /// <exception cref="ArgumentException">A tensor or mask does not fit: the message names the layer, the argument and both shapes.</exception>
        public LayerOutput Attend(Tensor query, Tensor? queryMask, Tensor memory, Tensor? memoryMask)
        {
            CheckInputs(query, queryMask, memory, memoryMask);
            using var scope = NewDisposeScope();
            var hidden = Hidden(query, queryMask, memory.size(1), memoryMask);
            var scores = Scores(query, memory);
            if (hidden is not null) scores = scores.masked_fill(hidden, MaskedScore);
            var weights = scores.softmax(-1);
            // A row that may see no real step (all of it hidden) would spread its weight evenly: it gets none instead.
            if (hidden is not null) weights = weights.masked_fill(hidden, 0);
            if (!is_grad_enabled()) Remember(weights);
            if (training && Dropout > 0) weights = nn.functional.dropout(weights, Dropout, training: true);
            var output = cat(new[] { query, weights.matmul(memory) }, -1);
            if (queryMask is not null) output = output.masked_fill(queryMask.logical_not().unsqueeze(-1), 0);
            return new LayerOutput(LayerChecks.Keep(scope, output), queryMask);
        }

        /// <summary>The scores, [batch, query time, value time], of each query step against each key step.</summary>
        private protected abstract Tensor Scores(Tensor query, Tensor key);

        /// <summary>
        /// Adds the layer to an ONNX graph as <see cref="Attend"/> runs in evaluation mode (no dropout): over the graph's
        /// <see cref="OnnxGraphBuilder.Memory"/> inputs in a decoder's graph, otherwise over its own input (self-attention).
        /// </summary>
        internal override OnnxFlow ExportOnnx(OnnxGraphBuilder graph, OnnxFlow input)
        {
            RequireOnnxInput(input, 3, "[batch, time, features]");
            string name = GetName();
            var (memory, memoryMask) = graph.Memory is { } given ? given : (input.Value, input.Mask);
            string? visible = OnnxVisible(graph, input, memory, memoryMask, name);
            string scores = OnnxScores(graph, input.Value, memory, name + "/scores");
            if (visible is not null) scores = graph.Node("Where", name + "/masked_scores", new[] { visible, scores, graph.FloatScalar(name + "/masked_score", (float)MaskedScore) });
            string weights = graph.Node("Softmax", name + "/weights", new[] { scores }, OnnxGraphBuilder.Int("axis", -1));
            if (visible is not null) weights = graph.Node("Where", name + "/visible_weights", new[] { visible, weights, graph.FloatScalar(name + "/zero", 0f) });
            string context = graph.Node("MatMul", name + "/context", new[] { weights, memory });
            string output = graph.Node("Concat", name, new[] { input.Value, context }, OnnxGraphBuilder.Int("axis", -1));
            if (input.Mask is not null)
            {
                string rows = graph.Node("Unsqueeze", name + "/query_steps", new[] { input.Mask, graph.Int64s(name + "/last_axis", new[] { -1L }) });
                output = graph.Node("Where", name + "/masked", new[] { rows, output, graph.FloatScalar(name + "/padding", 0f) });
            }
            var features = input.Dimensions[2] is long f ? 2 * f : (long?)null;
            return new OnnxFlow(output, new[] { input.Dimensions[0], input.Dimensions[1], features }, false, input.Mask);
        }

        /// <summary>The ONNX nodes of <see cref="Scores"/>: [batch, query time, value time] from <paramref name="query"/> and <paramref name="key"/>.</summary>
        private protected abstract string OnnxScores(OnnxGraphBuilder graph, string query, string key, string hint);

        /// <summary>The ONNX form of <see cref="Hidden"/>'s complement: bool, true where a query step may see a value step; null when all may.</summary>
        private string? OnnxVisible(OnnxGraphBuilder graph, OnnxFlow query, string memory, string? memoryMask, string name)
        {
            string? visible = memoryMask is null ? null
                : graph.Node("Unsqueeze", name + "/memory_steps", new[] { memoryMask, graph.Int64s(name + "/query_axis", new[] { 1L }) });
            if (query.Mask is not null)
                visible = OnnxAnd(graph, visible, graph.Node("Unsqueeze", name + "/query_rows", new[] { query.Mask, graph.Int64s(name + "/value_axis", new[] { 2L }) }), name + "/visible");
            if (Causal)
            {
                string rows = graph.Node("Unsqueeze", name + "/rows", new[] { OnnxSteps(graph, query.Value, name + "/query_time"), graph.Int64s(name + "/row_axis", new[] { 1L }) });
                string columns = graph.Node("Unsqueeze", name + "/columns", new[] { OnnxSteps(graph, memory, name + "/value_time"), graph.Int64s(name + "/column_axis", new[] { 0L }) });
                visible = OnnxAnd(graph, visible, graph.Node("GreaterOrEqual", name + "/causal", new[] { rows, columns }), name + "/visible_causal");
            }
            return visible;
        }

        private static string OnnxAnd(OnnxGraphBuilder graph, string? a, string b, string hint) => a is null ? b : graph.Node("And", hint, new[] { a, b });

        /// <summary>0, 1, …, time − 1 (int64) for the time axis of <paramref name="sequence"/> [batch, time, features].</summary>
        private static string OnnxSteps(OnnxGraphBuilder graph, string sequence, string hint)
        {
            string shape = graph.Node("Shape", hint + "/shape", new[] { sequence });
            string time = graph.Node("Gather", hint, new[] { shape, graph.Int64s(hint + "/axis", new[] { 1L }, scalar: true) }, OnnxGraphBuilder.Int("axis", 0));
            return graph.Node("Range", hint + "/steps", new[] { graph.Int64s(hint + "/start", new[] { 0L }, scalar: true), time, graph.Int64s(hint + "/delta", new[] { 1L }, scalar: true) });
        }

        /// <summary>Checks what the kind needs of the query beyond matching the memory (e.g. its width).</summary>
        private protected virtual void CheckQuery(Tensor query)
        {
        }

        /// <summary>
        /// True where a query step may not see a value step: a padded value step, any step for a padded query step, a later
        /// step when causal; null when every step sees every step.
        /// </summary>
        private Tensor? Hidden(Tensor query, Tensor? queryMask, long valueTime, Tensor? memoryMask)
        {
            Tensor? visible = memoryMask?.unsqueeze(1); // [batch, 1, value time]
            if (queryMask is not null) visible = And(visible, queryMask.unsqueeze(2)); // [batch, query time, 1]
            if (Causal)
            {
                var rows = arange(query.size(1), device: query.device).unsqueeze(1);
                var columns = arange(valueTime, device: query.device).unsqueeze(0);
                visible = And(visible, rows.ge(columns).unsqueeze(0)); // [1, query time, value time], Keras's row ≥ column
            }
            return visible?.logical_not();
        }

        private static Tensor And(Tensor? a, Tensor b) => a is null ? b : a.logical_and(b);

        /// <summary>Keeps a detached reference to <paramref name="weights"/> as <see cref="LastWeights"/>, disposing the one before.</summary>
        private void Remember(Tensor weights)
        {
            var kept = weights.detach().DetachFromDisposeScope();
            Interlocked.Exchange(ref _lastWeights, kept)?.Dispose();
        }

        private void CheckInputs(Tensor query, Tensor? queryMask, Tensor memory, Tensor? memoryMask)
        {
            CheckSequence(query, nameof(query));
            CheckSequence(memory, nameof(memory));
            if (memory.size(0) != query.size(0) || memory.size(2) != query.size(2))
                throw new ArgumentException(
                    $"{Kind} expects a memory [{Size(query, 0)}, time, {Size(query, 2)}] for the query {Shape.Format(query.shape)} but got {Shape.Format(memory.shape)}: "
                    + "dot-product and additive scores need the same batch and features.", nameof(memory));
            CheckQuery(query);
            CheckMask(queryMask, query, nameof(queryMask), "query");
            CheckMask(memoryMask, memory, nameof(memoryMask), "memory");
        }

        private void CheckSequence(Tensor tensor, string argument)
        {
            if (tensor is null) throw new ArgumentNullException(argument, $"{Kind} needs a {argument} tensor [batch, time, features].");
            if (tensor.dim() != 3)
                throw new ArgumentException($"{Kind} expects a {argument} [batch, time, features] but got {Shape.Format(tensor.shape)}.", argument);
        }

        private void CheckMask(Tensor? mask, Tensor sequence, string argument, string sequenceName)
        {
            if (mask is null) return;
            if (mask.dtype != ScalarType.Bool || mask.dim() != 2 || mask.size(0) != sequence.size(0) || mask.size(1) != sequence.size(1))
                throw new ArgumentException(
                    $"{Kind} expects a bool {argument} [{Size(sequence, 0)}, {Size(sequence, 1)}] for the {sequenceName} {Shape.Format(sequence.shape)} "
                    + $"but got {mask.dtype} {Shape.Format(mask.shape)}.", argument);
        }

        private static string Size(Tensor tensor, int axis) => tensor.size(axis).ToString(CultureInfo.InvariantCulture);

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            if (disposing) Interlocked.Exchange(ref _lastWeights, null)?.Dispose();
            base.Dispose(disposing);
        }
    }
}
