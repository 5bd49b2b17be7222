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
        /// The shape rule: checks the configuration and the input, reports problems to <paramref name="context"/>, and
        /// returns the output shape and the trainable parameter count (as the real module has them).
        /// </summary>
        public abstract LayerOutput Infer(ShapeContext context, TensorShape input);

        /// <summary>The type of the generated field holding the module.</summary>
        public abstract string ModuleType { get; }

        /// <summary>The expression that creates the module in the generated constructor (a <c>generator</c> is in scope).</summary>
        public abstract string Construct(LayerShape shape);

        /// <summary>Writes the layer's lines of the generated <c>Forward</c> and returns the variable holding its output.</summary>
        public abstract string WriteForward(SourceWriter writer, LayerShape shape, string input);
    }

    /// <summary>A layer's output shape and its trainable parameter count (decimal: it may not fit in a long).</summary>
    internal readonly struct LayerOutput
    {
        public LayerOutput(TensorShape shape, decimal parameters)
        {
            Shape = shape;
            Parameters = parameters;
        }

        public TensorShape Shape { get; }

        public decimal Parameters { get; }
    }
}
