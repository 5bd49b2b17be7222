namespace Rnn.Generators.Layers
{
    /// <summary><c>[Lstm(units)]</c>: Keras LSTM.</summary>
    internal sealed record LstmLayer(int Units, bool ReturnSequences) : RecurrentLayer(Units, ReturnSequences)
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.LstmAttribute", Decode);

        public override string TypeName => "Lstm";

        public override string BaseName => "lstm";

        protected override int Gates => 4;

        public override string ModuleType => TypeNames.TorchModules + ".LSTM";

        public static LayerSpec? Decode(AttributeArguments arguments) =>
            new LstmLayer(arguments.Int("units"), arguments.Named("ReturnSequences", false));

        public override string Construct(LayerShape shape) =>
            TypeNames.Layers + ".Lstm(" + Code.Int(shape.InputFeatures) + ", " + Code.Int(Units) + ", generator)";
    }
}
