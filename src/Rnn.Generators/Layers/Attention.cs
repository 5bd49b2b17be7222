namespace Rnn.Generators.Layers
{
    /// <summary>
    /// <c>[Attention]</c>: Keras Attention (Luong, dot-product scores), with UseScale (one scalar parameter; false by
    /// default), Causal and Dropout; [None, T, F] → [None, T, 2F]; passes the mask.
    /// </summary>
    internal sealed record AttentionLayer(bool UseScale, bool Causal, double Dropout) : AttendingLayer(UseScale, Causal, Dropout)
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.AttentionAttribute", Decode);

        public override string TypeName => "Attention";

        public override string BaseName => "attention";

        public static LayerSpec? Decode(AttributeArguments arguments)
        {
            var (useScale, causal, dropout) = DecodeCommon(arguments, useScale: false);
            return new AttentionLayer(useScale, causal, dropout);
        }

        protected override decimal Parameters(int features) => 1m;

        public override string ConstructorArguments(LayerShape shape) => Options;
    }
}
