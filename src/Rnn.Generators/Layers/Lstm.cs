namespace Rnn.Generators.Layers
{
    /// <summary><c>[Lstm(units)]</c>: Keras LSTM.</summary>
    internal sealed record LstmLayer(int Units, bool ReturnSequences, bool Bidirectional = false,
        MergeMode MergeMode = MergeMode.Concat, bool MergeModeSet = false, double Dropout = 0)
        : RecurrentLayer(Units, ReturnSequences, Bidirectional, MergeMode, MergeModeSet, Dropout)
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.LstmAttribute", Decode);

        public override string KindName => "Lstm";

        protected override string KindBaseName => "lstm";

        protected override int Gates => 4;

        public override string StateTensors => "H and C";

        public static LayerSpec? Decode(AttributeArguments arguments)
        {
            var (units, sequences, bidirectional, mergeMode, mergeModeSet, dropout) = DecodeCommon(arguments);
            return new LstmLayer(units, sequences, bidirectional, mergeMode, mergeModeSet, dropout);
        }
    }
}
