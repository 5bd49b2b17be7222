using System.Globalization;
using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary><c>[Dense(units, activation = None)]</c>: Keras Dense, on the last axis; f·u + u parameters.</summary>
    internal sealed record DenseLayer(int Units, Activation Activation) : LayerSpec
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.DenseAttribute", Decode);

        public override string TypeName => "Dense";

        public override string BaseName => "dense";

        public override string Display => "Dense(" + Units.ToString(CultureInfo.InvariantCulture) + ")";

        public override string SizeArgument => "units";

        public override string ModuleType => TypeNames.TorchModules + ".Linear";

        public static LayerSpec? Decode(AttributeArguments arguments) =>
            new DenseLayer(arguments.Int("units"), arguments.Enum<Activation>("activation"));

        public override LayerOutput Infer(ShapeContext context, TensorShape input)
        {
            if (Units <= 0) context.NonPositive("units", Display, Units);
            Checks.ActivationIsDefined(context, Activation);
            decimal f = input.Features, u = Units;
            return new LayerOutput(input.WithFeatures(Units), f * u + u);
        }

        public override string Construct(LayerShape shape) =>
            TypeNames.Layers + ".Dense(" + Code.Int(shape.InputFeatures) + ", " + Code.Int(Units) + ", generator)";

        public override string WriteForward(SourceWriter writer, LayerShape shape, string input)
        {
            string call = shape.Name + ".call(" + input + ")";
            if (Activation != Activation.None) call = TypeNames.Layers + ".Activate(" + call + ", " + Code.Activation(Activation) + ")";
            string output = Code.CamelCase(shape.Name) + "Output";
            writer.WriteLine("var " + output + " = " + call + ";");
            return output;
        }
    }
}
