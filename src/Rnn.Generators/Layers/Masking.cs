using System.Globalization;
using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// <c>[Masking(maskValue = 0.0)]</c>: Keras Masking on float sequences; a step whose features all equal the value is
    /// padding. No parameters; starts a mask.
    /// </summary>
    internal sealed record MaskingLayer(double MaskValue) : LayerSpec
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.MaskingAttribute", Decode);

        public override string TypeName => "Masking";

        public override string BaseName => "masking";

        public override string Display => "Masking(" + MaskValue.ToString("R", CultureInfo.InvariantCulture) + ")";

        public override string SizeArgument => "maskValue";

        public override bool IsPerStep => true;

        public static LayerSpec? Decode(AttributeArguments arguments) => new MaskingLayer(arguments.Double("maskValue"));

        /// <summary>RNN0022: Masking is for float features; token ids take Embedding's MaskZero.</summary>
        public override void ReportTokenInput(ShapeContext context, TensorShape input) =>
            context.ReportFlow(DiagnosticDescriptors.MaskingOnTokens, context.Index, null, -1, null, Display, input.ToBrackets());

        public override ShapeRuleResult Infer(ShapeContext context, TensorShape input)
        {
            context.RequireSequence(input);
            return new ShapeRuleResult(input, 0, MaskFlow.Creates);
        }

        public override string ConstructorArguments(LayerShape shape) => Code.Double(MaskValue);
    }
}
