namespace Rnn.Generators.Layers
{
    /// <summary>
    /// <c>[AdditiveAttention]</c>: Keras AdditiveAttention (Bahdanau, scores sum(scale · tanh(q + k))), with UseScale (a
    /// scale vector of F parameters; true by default), Causal and Dropout; [None, T, F] → [None, T, 2F]; passes the mask.
    /// </summary>
    internal sealed record AdditiveAttentionLayer(bool UseScale, bool Causal, double Dropout) : AttendingLayer(UseScale, Causal, Dropout)
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.AdditiveAttentionAttribute", Decode);

        public override string TypeName => "AdditiveAttention";

        public override string BaseName => "additive_attention";

        public static LayerSpec? Decode(AttributeArguments arguments)
        {
            var (useScale, causal, dropout) = DecodeCommon(arguments, useScale: true);
            return new AdditiveAttentionLayer(useScale, causal, dropout);
        }

        protected override decimal Parameters(int features) => features;

        public override string ConstructorArguments(LayerShape shape) => Code.Int(shape.InputFeatures) + ", " + Options + ", generator";
    }
}
