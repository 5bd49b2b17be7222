using System.Globalization;
using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// <c>[MaxPooling1D(poolSize = 2)]</c> with Strides (default poolSize) and Padding (Valid or Same): Keras MaxPooling1D,
    /// [None, T, F] → [None, T′, F]; no parameters; drops the mask.
    /// </summary>
    internal sealed record MaxPooling1DLayer(int PoolSize, int Strides, WindowPadding Padding) : LayerSpec
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.MaxPooling1DAttribute", Decode);

        public override string TypeName => "MaxPooling1D";

        public override string BaseName => "max_pooling1d";

        public override string Display => "MaxPooling1D(" + PoolSize.ToString(CultureInfo.InvariantCulture) + ")";

        public override string SizeArgument => "poolSize";

        public static LayerSpec? Decode(AttributeArguments arguments)
        {
            int poolSize = arguments.Int("poolSize");
            return new MaxPooling1DLayer(poolSize, arguments.Named("Strides", poolSize), arguments.NamedEnum("Padding", WindowPadding.Valid));
        }

        public override ShapeRuleResult Infer(ShapeContext context, TensorShape input)
        {
            context.RequirePositive(Display, ("poolSize", PoolSize));
            if (Strides != PoolSize) context.RequirePositive(Display, ("Strides", Strides)); // else it is the pool size, reported already
            if (Padding != WindowPadding.Valid && Padding != WindowPadding.Same)
            {
                string value = Padding == WindowPadding.Causal ? "Causal" : "(WindowPadding)" + ((int)Padding).ToString(CultureInfo.InvariantCulture);
                context.Report(DiagnosticDescriptors.UnsupportedOption, "Padding", value, "padding", Display, "Valid or Same");
            }
            context.ReportMaskIgnored("to keep padding out of the result, use GlobalMaxPooling1D, which respects the mask, or pool before masking");

            var time = Dimension.Unknown;
            if (context.RequireSequence(input))
            {
                time = WindowShapes.Apply(context, input.Time, PoolSize, Strides, Padding == WindowPadding.Same ? WindowPadding.Same : WindowPadding.Valid,
                    "MaxPooling1D(pool " + PoolSize.ToString(CultureInfo.InvariantCulture) + ")", "poolSize",
                    "use Padding = WindowPadding.Same, a smaller pool, or a longer input");
            }
            return new ShapeRuleResult(TensorShape.Sequence(time, input.Features), 0, MaskFlow.Ends);
        }

        public override string ConstructorArguments(LayerShape shape) =>
            Code.Int(PoolSize) + ", " + Code.Int(Strides) + ", " + TypeNames.WindowPadding + "." + Padding;
    }
}
