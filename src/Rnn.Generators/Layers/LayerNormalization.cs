using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary><c>[LayerNormalization]</c>: Keras LayerNormalization over the last axis; 2F parameters (scale and shift); passes the mask.</summary>
    internal sealed record LayerNormalizationLayer : LayerSpec
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.LayerNormalizationAttribute", Decode);

        public override string TypeName => "LayerNormalization";

        public override string BaseName => "layer_normalization";

        public override string Display => "LayerNormalization()";

        public override string SizeArgument => "features";

        public override bool IsPerStep => true;

        public static LayerSpec? Decode(AttributeArguments arguments) => new LayerNormalizationLayer();

        public override ShapeRuleResult Infer(ShapeContext context, TensorShape input) =>
            new ShapeRuleResult(input, 2m * input.Features, MaskFlow.Pass);

        public override string ConstructorArguments(LayerShape shape) => Code.Int(shape.InputFeatures);
    }
}
