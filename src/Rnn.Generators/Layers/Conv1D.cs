using System;
using System.Globalization;
using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// <c>[Conv1D(filters, kernelSize, activation = None)]</c> with Strides, DilationRate and Padding: Keras Conv1D,
    /// [None, T, F] → [None, T′, filters] with Keras's lengths; k·F·filters + filters parameters; drops the mask.
    /// </summary>
    internal sealed record Conv1DLayer(int Filters, int KernelSize, Activation Activation, int Strides, int DilationRate, WindowPadding Padding) : LayerSpec
    {
        public static readonly LayerDescriptor Descriptor = new LayerDescriptor("Rnn.Conv1DAttribute", Decode);

        public override string TypeName => "Conv1D";

        public override string BaseName => "conv1d";

        public override string Display =>
            "Conv1D(" + Filters.ToString(CultureInfo.InvariantCulture) + ", " + KernelSize.ToString(CultureInfo.InvariantCulture) + ")";

        public override string SizeArgument => "filters";

        public static LayerSpec? Decode(AttributeArguments arguments) =>
            new Conv1DLayer(arguments.Int("filters"), arguments.Int("kernelSize"), arguments.Enum<Activation>("activation"),
                arguments.Named("Strides", 1), arguments.Named("DilationRate", 1), arguments.NamedEnum("Padding", WindowPadding.Valid));

        public override ShapeRuleResult Infer(ShapeContext context, TensorShape input)
        {
            context.RequirePositive(Display, ("filters", Filters), ("kernelSize", KernelSize), ("Strides", Strides), ("DilationRate", DilationRate));
            Checks.ActivationIsDefined(context, Activation);
            if (!Enum.IsDefined(typeof(WindowPadding), Padding))
                context.Report(DiagnosticDescriptors.UnsupportedOption, "Padding", "(WindowPadding)" + ((int)Padding).ToString(CultureInfo.InvariantCulture),
                    "padding", Display, "Valid, Same or Causal");
            context.ReportMaskIgnored("to keep padding out of the result, mask after the convolution or pad with values the model can learn to ignore");

            var time = Dimension.Unknown;
            if (context.RequireSequence(input))
            {
                string window = "Conv1D(kernel " + KernelSize.ToString(CultureInfo.InvariantCulture)
                    + (DilationRate != 1 ? ", dilation " + DilationRate.ToString(CultureInfo.InvariantCulture) : string.Empty) + ")";
                time = WindowShapes.Apply(context, input.Time, Windows.Span(KernelSize, DilationRate), Strides, Padding, window, "kernelSize",
                    "use Padding = WindowPadding.Same or WindowPadding.Causal, a smaller kernel, or a longer input");
            }
            decimal parameters = (decimal)KernelSize * input.Features * Filters + Filters;
            return new ShapeRuleResult(TensorShape.Sequence(time, Filters), parameters, MaskFlow.Ends);
        }

        public override string ConstructorArguments(LayerShape shape) =>
            Code.Int(shape.InputFeatures) + ", " + Code.Int(Filters) + ", " + Code.Int(KernelSize) + ", " + Code.Int(Strides) + ", "
            + Code.Int(DilationRate) + ", " + TypeNames.WindowPadding + "." + Padding + ", " + Code.Activation(Activation) + ", generator";
    }
}
