namespace Rnn.Generators.Layers
{
    /// <summary><c>[Gru(units)]</c>: Keras GRU.</summary>
    internal sealed record GruLayer(int Units, bool ReturnSequences, bool Bidirectional = false,
        MergeMode MergeMode = MergeMode.Concat, bool MergeModeSet = false, double Dropout = 0)
        : RecurrentLayer(Units, ReturnSequences, Bidirectional, MergeMode, MergeModeSet, Dropout)
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.GruAttribute", Decode);

        public override string KindName => "Gru";

        protected override string KindBaseName => "gru";

        protected override int Gates => 3;

        public static LayerSpec? Decode(AttributeArguments arguments)
        {
            var (units, sequences, bidirectional, mergeMode, mergeModeSet, dropout) = DecodeCommon(arguments);
            return new GruLayer(units, sequences, bidirectional, mergeMode, mergeModeSet, dropout);
        }
    }
}
