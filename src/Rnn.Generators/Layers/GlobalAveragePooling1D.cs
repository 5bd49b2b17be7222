namespace Rnn.Generators.Layers
{
    /// <summary>
    /// <c>[GlobalAveragePooling1D]</c>: Keras GlobalAveragePooling1D, the average over time, [None, T, F] → [None, F], over the real steps when masked;
    /// no parameters; ends the mask.
    /// </summary>
    internal sealed record GlobalAveragePooling1DLayer : GlobalPooling1DLayer
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.GlobalAveragePooling1DAttribute", Decode);

        public override string TypeName => "GlobalAveragePooling1D";

        public override string BaseName => "global_average_pooling1d";

        public static LayerSpec? Decode(AttributeArguments arguments) => new GlobalAveragePooling1DLayer();
    }
}
