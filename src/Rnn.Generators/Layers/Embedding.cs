using System.Globalization;
using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// <c>[Embedding(vocabulary, dimensions)]</c>: Keras Embedding, int64 ids [None, T] → [None, T, dimensions]; right
    /// after a token input only; vocabulary × dimensions parameters; with <c>MaskZero</c>, id 0 is masked.
    /// </summary>
    internal sealed record EmbeddingLayer(int Vocabulary, int Dimensions, bool MaskZero) : LayerSpec
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.EmbeddingAttribute", Decode);

        public override string TypeName => "Embedding";

        public override string BaseName => "embedding";

        public override string Display =>
            "Embedding(" + Vocabulary.ToString(CultureInfo.InvariantCulture) + ", " + Dimensions.ToString(CultureInfo.InvariantCulture) + ")";

        public override string SizeArgument => "vocabulary";

        public override bool AcceptsTokens => true;

        public override bool RunsStepByStep => true;

        public static LayerSpec? Decode(AttributeArguments arguments) =>
            new EmbeddingLayer(arguments.Int("vocabulary"), arguments.Int("dimensions"), arguments.Named("MaskZero", false));

        public override ShapeRuleResult Infer(ShapeContext context, TensorShape input)
        {
            context.RequirePositive(Display, ("vocabulary", Vocabulary), ("dimensions", Dimensions));
            if (!input.IsTokens)
                context.ReportFlow(DiagnosticDescriptors.EmbeddingNeedsTokens, context.Index, null, null, null, Display, input.ToBrackets());
            return new ShapeRuleResult(TensorShape.Sequence(input.Time, Dimensions), (decimal)Vocabulary * Dimensions, MaskZero ? MaskFlow.Creates : MaskFlow.Ends);
        }

        public override string ConstructorArguments(LayerShape shape) =>
            Code.Int(Vocabulary) + ", " + Code.Int(Dimensions) + ", " + Code.Bool(MaskZero) + ", generator";
    }
}
