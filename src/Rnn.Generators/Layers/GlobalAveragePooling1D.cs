using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// <c>[GlobalAveragePooling1D]</c>: Keras GlobalAveragePooling1D, the average over time, [None, T, F] → [None, F], over the real steps when masked;
    /// no parameters; ends the mask.
    /// </summary>
    internal sealed record GlobalAveragePooling1DLayer : LayerSpec
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.GlobalAveragePooling1DAttribute", Decode);

        public override string TypeName => "GlobalAveragePooling1D";

        public override string BaseName => "global_average_pooling1d";

        public override string ModuleName => "GlobalAveragePooling1D";

        public override string Display => "GlobalAveragePooling1D()";

        public override string SizeArgument => "features";

        public static LayerSpec? Decode(AttributeArguments arguments) => new GlobalAveragePooling1DLayer();

        public override LayerOutput Infer(ShapeContext context, TensorShape input)
        {
            context.RequireSequence(input);
            return new LayerOutput(TensorShape.Flat(input.Features), 0, MaskFlow.Ends);
        }

        public override string ConstructorArguments(LayerShape shape) => string.Empty;
    }
}
