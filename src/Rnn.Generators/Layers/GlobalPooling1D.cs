using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// What GlobalAveragePooling1D and GlobalMaxPooling1D share: Keras's pooling over the whole time axis,
    /// [None, T, F] → [None, F], over the real steps when masked; no arguments, no parameters; ends the mask. A kind
    /// gives its descriptor and names; the runtime module does the pooling.
    /// </summary>
    internal abstract record GlobalPooling1DLayer : LayerSpec
    {
        public override string Display => TypeName + "()";

        public override string SizeArgument => "features";

        public override ShapeRuleResult Infer(ShapeContext context, TensorShape input)
        {
            context.RequireSequence(input);
            return new ShapeRuleResult(TensorShape.Flat(input.Features), 0, MaskFlow.Ends);
        }

        public override string ConstructorArguments(LayerShape shape) => string.Empty;
    }
}
