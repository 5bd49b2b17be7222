using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// One declared layer: its configuration (the record's members, decoded from the attribute by its kind's
    /// <see cref="LayerDescriptor"/>) and its behaviour, as a Keras layer owns its <c>compute_output_shape</c>,
    /// <c>count_params</c> and <c>call</c>: the shape rule and diagnostics (<see cref="Infer"/>) and the lines it emits.
    /// Pure and structurally equatable: no Roslyn types.
    /// </summary>
    internal abstract record LayerSpec
    {
        /// <summary>The layer type shown in summaries and <c>Architecture</c>, e.g. <c>SimpleRnn</c>.</summary>
        public abstract string TypeName { get; }

        /// <summary>The Keras-like snake_case name before numbering, e.g. <c>simple_rnn</c>; also the parameter prefix.</summary>
        public abstract string BaseName { get; }

        /// <summary>How messages name the layer, e.g. <c>SimpleRnn(64)</c>.</summary>
        public abstract string Display { get; }

        /// <summary>The argument a problem about the layer as a whole (too many parameters) points at.</summary>
        public abstract string SizeArgument { get; }

        /// <summary>True when the layer can be told to return its whole sequence (<c>ReturnSequences</c>).</summary>
        public virtual bool CanReturnSequences => false;

        /// <summary>True when the layer is told to return its whole sequence.</summary>
        public virtual bool ReturnsSequences => false;

        /// <summary>
        /// True for the recurrent kinds: a non-sequence input is then RNN0001; for any other kind it is RNN0019. Both are
        /// reported on the layer before (see <see cref="ShapeContext.RequireSequence"/>).
        /// </summary>
        public virtual bool IsRecurrent => false;

        /// <summary>True when the layer acts on each time step alone (Dense, Dropout, ...), so a sequence stays a sequence.</summary>
        public virtual bool IsPerStep => false;

        /// <summary>
        /// True when the layer can run one time step at a time, carrying at most a recurrent state, and give what it
        /// gives over the whole sequence: so a model of such layers can generate token by token (<see cref="LanguageModels"/>).
        /// The per-step kinds by default; Embedding and recurrent layers returning sequences too. False for a kind that
        /// looks at other steps (convolution, pooling, attention) or drops the time axis.
        /// </summary>
        public virtual bool RunsStepByStep => IsPerStep;

        /// <summary>True for the one kind that reads int64 token ids (Embedding).</summary>
        public virtual bool AcceptsTokens => false;

        /// <summary>Reports this layer getting int64 token ids it cannot read: RNN0017, on this layer, with the input as the related location.</summary>
        public virtual void ReportTokenInput(ShapeContext context, TensorShape input) =>
            context.ReportFlow(DiagnosticDescriptors.TokensNeedEmbedding, context.Index, null, -1, null,
                context.Model.Input.Display, input.ToBrackets(), Display);

        /// <summary>
        /// The shape rule: checks the configuration and the input, reports problems to <paramref name="context"/>, and
        /// returns the output shape and the trainable parameter count (as the real module has them).
        /// </summary>
        public abstract ShapeRuleResult Infer(ShapeContext context, TensorShape input);

        /// <summary>
        /// The runtime module's type name in <c>Rnn.Modules</c>, e.g. <c>SimpleRnn</c>: the generated field's type. The
        /// <see cref="TypeName"/> unless a kind says otherwise.
        /// </summary>
        public virtual string ModuleName => TypeName;

        /// <summary>
        /// The module's constructor arguments after the layer name, per docs/design/layers.md, e.g.
        /// <c>28, 128, global::Rnn.Activation.Relu, false, false, global::Rnn.MergeMode.Concat, 0, generator</c>
        /// (a <c>generator</c> is in scope).
        /// </summary>
        public abstract string ConstructorArguments(LayerShape shape);

        /// <summary>
        /// The layer's call in a decoder's forward over an encoder's memory (<c>ForwardWithMemoryCore</c>), where
        /// <c>memory</c> and <c>memoryMask</c> are in scope: an attention layer's <c>Attend</c>; null for a kind that runs
        /// as in any forward.
        /// </summary>
        /// <param name="field">The layer's field.</param>
        /// <param name="input">The layer's input, e.g. <c>output</c>.</param>
        /// <param name="mask">The input's mask, e.g. <c>mask</c>.</param>
        public virtual string? MemoryCall(string field, string input, string mask) => null;

    }

    /// <summary>What a layer does with the mask it gets (Keras <c>compute_mask</c>).</summary>
    internal enum MaskFlow
    {
        /// <summary>Passes it on (per-step layers, recurrent layers returning sequences).</summary>
        Pass,
        /// <summary>Makes a new one (Masking, Embedding with MaskZero).</summary>
        Creates,
        /// <summary>Ends it: the output has no time axis or the layer drops the mask.</summary>
        Ends,
    }
}
