using System.Globalization;
using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// What Attention and AdditiveAttention share: UseScale, Causal and the Dropout of the weights; the need for a sequence;
    /// the width check against what they attend over (their own input in a plain stack, else the model's
    /// <see cref="ShapeContext.Memory"/>, RNN0029); and the output, the query followed by the context,
    /// [None, time, query features + value features], with the query's mask.
    /// </summary>
    internal abstract record AttendingLayer(bool UseScale, bool Causal, double Dropout) : LayerSpec
    {
        public override string Display => TypeName + "()";

        public override string SizeArgument => "UseScale";

        /// <summary>The trainable parameters for queries of <paramref name="features"/> features.</summary>
        protected abstract decimal Parameters(int features);

        /// <summary>Reads the options every attention attribute has; <paramref name="useScale"/> is the kind's default.</summary>
        protected static (bool UseScale, bool Causal, double Dropout) DecodeCommon(AttributeArguments arguments, bool useScale) =>
            (arguments.Named("UseScale", useScale), arguments.Named("Causal", false), arguments.Named("Dropout", 0.0));

        public override ShapeRuleResult Infer(ShapeContext context, TensorShape input)
        {
            context.RequireRate(Display, "Dropout", Dropout);
            var values = context.Memory ?? input;
            if (context.RequireSequence(input) && input.IsSequence && values.Features != input.Features)
            {
                string fix = "give the queries " + Features(values.Features) + " or the values " + Features(input.Features);
                context.ReportFlow(DiagnosticDescriptors.AttentionWidthMismatch, context.Index, null, null, null,
                    Display, input.ToBrackets(), values.ToBrackets(), fix);
            }
            var output = TensorShape.Sequence(input.Time, input.Features + values.Features);
            return new ShapeRuleResult(output, UseScale ? Parameters(input.Features) : 0m, MaskFlow.Pass);
        }

        /// <summary>In a decoder, the layer attends over the encoder's output sequence: <c>attention.Attend(output, mask, memory, memoryMask)</c>.</summary>
        public override string MemoryCall(string field, string input, string mask) => field + ".Attend(" + input + ", " + mask + ", memory, memoryMask)";

        /// <summary>The module's arguments after its size: <c>true, false, 0.1</c> (UseScale, Causal, Dropout).</summary>
        protected string Options => Code.Bool(UseScale) + ", " + Code.Bool(Causal) + ", " + Code.Double(Dropout);

        private static string Features(int count) => count.ToString(CultureInfo.InvariantCulture) + " features";
    }
}
