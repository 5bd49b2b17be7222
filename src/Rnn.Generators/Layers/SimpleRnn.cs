using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary><c>[SimpleRnn(units, activation = Tanh)]</c>: Keras SimpleRNN; TorchSharp supports Tanh and Relu only.</summary>
    internal sealed record SimpleRnnLayer(int Units, Activation Activation, bool ReturnSequences) : RecurrentLayer(Units, ReturnSequences)
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.SimpleRnnAttribute", Decode);

        public override string TypeName => "SimpleRnn";

        public override string BaseName => "simple_rnn";

        protected override int Gates => 1;

        public override string ModuleType => TypeNames.TorchModules + ".RNN";

        public static LayerSpec? Decode(AttributeArguments arguments) =>
            new SimpleRnnLayer(arguments.Int("units"), arguments.Enum<Activation>("activation"), arguments.Named("ReturnSequences", false));

        protected override void CheckActivation(ShapeContext context)
        {
            if (!Checks.ActivationIsDefined(context, Activation)) return;
            if (Activation != Activation.Tanh && Activation != Activation.Relu)
                context.Report(DiagnosticDescriptors.UnsupportedActivation, "activation", Activation.ToString());
        }

        public override string Construct(LayerShape shape) =>
            TypeNames.Layers + ".SimpleRnn(" + Code.Int(shape.InputFeatures) + ", " + Code.Int(Units) + ", " + Code.Activation(Activation) + ", generator)";
    }
}
