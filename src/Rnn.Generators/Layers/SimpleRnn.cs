using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary><c>[SimpleRnn(units, activation = Tanh)]</c>: Keras SimpleRNN; TorchSharp supports Tanh and Relu only.</summary>
    internal sealed record SimpleRnnLayer(int Units, Activation Activation, bool ReturnSequences, bool Bidirectional = false,
        MergeMode MergeMode = MergeMode.Concat, bool MergeModeSet = false, double Dropout = 0)
        : RecurrentLayer(Units, ReturnSequences, Bidirectional, MergeMode, MergeModeSet, Dropout)
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.SimpleRnnAttribute", Decode);

        public override string KindName => "SimpleRnn";

        protected override string KindBaseName => "simple_rnn";

        protected override int Gates => 1;

        public static LayerSpec? Decode(AttributeArguments arguments)
        {
            var (units, sequences, bidirectional, mergeMode, mergeModeSet, dropout) = DecodeCommon(arguments);
            return new SimpleRnnLayer(units, arguments.Enum<Activation>("activation"), sequences, bidirectional, mergeMode, mergeModeSet, dropout);
        }

        protected override void CheckActivation(ShapeContext context)
        {
            if (!Checks.ActivationIsDefined(context, Activation)) return;
            if (Activation != Activation.Tanh && Activation != Activation.Relu)
                context.Report(DiagnosticDescriptors.UnsupportedActivation, "activation", Activation.ToString());
        }

        protected override string ActivationArgument => ", " + Code.Activation(Activation);
    }
}
