using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// <c>[GlobalMaxPooling1D]</c>: Keras GlobalMaxPooling1D, the maximum over time, [None, T, F] → [None, F], over the real steps when masked;
    /// no parameters; ends the mask.
    /// </summary>
    internal sealed record GlobalMaxPooling1DLayer : LayerSpec
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.GlobalMaxPooling1DAttribute", Decode);

        public override string TypeName => "GlobalMaxPooling1D";

        public override string BaseName => "global_max_pooling1d";

        public override string ModuleName => "GlobalMaxPooling1D";

        public override string Display => "GlobalMaxPooling1D()";

        public override string SizeArgument => "features";

        public static LayerSpec? Decode(AttributeArguments arguments) => new GlobalMaxPooling1DLayer();

        public override LayerOutput Infer(ShapeContext context, TensorShape input)
        {
            context.RequireSequence(input);
            return new LayerOutput(TensorShape.Flat(input.Features), 0, MaskFlow.Ends);
        }

        public override string ConstructorArguments(LayerShape shape) => string.Empty;
    }
}
