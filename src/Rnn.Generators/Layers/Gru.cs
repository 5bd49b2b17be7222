namespace Rnn.Generators.Layers
{
    /// <summary><c>[Gru(units)]</c>: Keras GRU.</summary>
    internal sealed record GruLayer(int Units, bool ReturnSequences) : RecurrentLayer(Units, ReturnSequences)
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.GruAttribute", Decode);

        public override string TypeName => "Gru";

        public override string BaseName => "gru";

        protected override int Gates => 3;

        public override string ModuleType => TypeNames.TorchModules + ".GRU";

        public static LayerSpec? Decode(AttributeArguments arguments) =>
            new GruLayer(arguments.Int("units"), arguments.Named("ReturnSequences", false));

        public override string Construct(LayerShape shape) =>
            TypeNames.Layers + ".Gru(" + Code.Int(shape.InputFeatures) + ", " + Code.Int(Units) + ", generator)";
    }
}
