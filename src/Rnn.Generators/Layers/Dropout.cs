using System.Globalization;
using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary><c>[Dropout(rate)]</c>: Keras Dropout, active in training only; no parameters; passes the mask.</summary>
    internal sealed record DropoutLayer(double Rate) : LayerSpec
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.DropoutAttribute", Decode);

        public override string TypeName => "Dropout";

        public override string BaseName => "dropout";

        public override string Display => "Dropout(" + Rate.ToString("R", CultureInfo.InvariantCulture) + ")";

        public override string SizeArgument => "rate";

        public override bool IsPerStep => true;

        public static LayerSpec? Decode(AttributeArguments arguments) => new DropoutLayer(arguments.Double("rate"));

        public override ShapeRuleResult Infer(ShapeContext context, TensorShape input)
        {
            context.RequireRate(Display, "rate", Rate);
            return new ShapeRuleResult(input, 0, MaskFlow.Pass);
        }

        public override string ConstructorArguments(LayerShape shape) => Code.Double(Rate);
    }
}
