namespace Rnn.Generators.Layers
{
    /// <summary>
    /// <c>[GlobalMaxPooling1D]</c>: Keras GlobalMaxPooling1D, the maximum over time, [None, T, F] → [None, F], over the real steps when masked;
    /// no parameters; ends the mask.
    /// </summary>
    internal sealed record GlobalMaxPooling1DLayer : GlobalPooling1DLayer
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.GlobalMaxPooling1DAttribute", Decode);

        public override string TypeName => "GlobalMaxPooling1D";

        public override string BaseName => "global_max_pooling1d";

        public static LayerSpec? Decode(AttributeArguments arguments) => new GlobalMaxPooling1DLayer();
    }
}
