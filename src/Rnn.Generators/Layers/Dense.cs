using System.Globalization;
using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary><c>[Dense(units, activation = None)]</c>: Keras Dense, on the last axis; f·u + u parameters; passes the mask.</summary>
    internal sealed record DenseLayer(int Units, Activation Activation) : LayerSpec
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.DenseAttribute", Decode);

        public override string TypeName => "Dense";

        public override string BaseName => "dense";

        public override string Display => "Dense(" + Units.ToString(CultureInfo.InvariantCulture) + ")";

        public override string SizeArgument => "units";

        public override bool IsPerStep => true;

        public static LayerSpec? Decode(AttributeArguments arguments) =>
            new DenseLayer(arguments.Int("units"), arguments.Enum<Activation>("activation"));

        public override ShapeRuleResult Infer(ShapeContext context, TensorShape input)
        {
            if (Units <= 0) context.NonPositive("units", Display, Units);
            Checks.ActivationIsDefined(context, Activation);
            decimal f = input.Features, u = Units;
            return new ShapeRuleResult(input.IsTokens ? TensorShape.Sequence(input.Time, Units) : input.WithFeatures(Units), f * u + u, MaskFlow.Pass);
        }

        public override string ConstructorArguments(LayerShape shape) =>
            Code.Int(shape.InputFeatures) + ", " + Code.Int(Units) + ", " + Code.Activation(Activation) + ", generator";
    }
}
