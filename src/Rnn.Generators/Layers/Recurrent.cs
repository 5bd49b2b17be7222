using System.Globalization;
using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// What SimpleRnn, Lstm and Gru share: units, ReturnSequences, the need for a sequence input, and TorchSharp's
    /// parameter count with two bias vectors per gate block, gates × (u·(f + u) + 2u).
    /// </summary>
    internal abstract record RecurrentLayer(int Units, bool ReturnSequences) : LayerSpec
    {
        /// <summary>The number of gate blocks: SimpleRnn 1, Gru 3, Lstm 4.</summary>
        protected abstract int Gates { get; }

        public override string Display => TypeName + "(" + Units.ToString(CultureInfo.InvariantCulture) + ")";

        public override string SizeArgument => "units";

        public override bool CanReturnSequences => true;

        public override bool ReturnsSequences => ReturnSequences;

        public override LayerOutput Infer(ShapeContext context, TensorShape input)
        {
            if (Units <= 0) context.NonPositive("units", Display, Units);
            CheckActivation(context);
            if (!input.IsSequence && context.Index > 0)
            {
                int producer = context.Index - 1;
                var (fix, target) = context.SequenceFix(producer);
                context.ReportFlow(DiagnosticDescriptors.NeedsSequence, producer, null, context.Index, target,
                    context.Flow(producer), Display, fix);
            }
            var output = ReturnSequences ? TensorShape.Sequence(input.Time, Units) : TensorShape.Flat(Units);
            decimal f = input.Features, u = Units;
            return new LayerOutput(output, Gates * (u * (f + u) + 2 * u));
        }

        /// <summary>Checks the activation, for the kinds that take one.</summary>
        protected virtual void CheckActivation(ShapeContext context)
        {
        }

        /// <summary>
        /// <c>var (lstmSequence, _, _) = lstm.call(x);</c> then, without ReturnSequences, its last step.
        /// </summary>
        public override string WriteForward(SourceWriter writer, LayerShape shape, string input)
        {
            string variable = Code.CamelCase(shape.Name);
            string discards = Gates == 4 ? "_, _" : "_";
            writer.WriteLine("var (" + variable + "Sequence, " + discards + ") = " + shape.Name + ".call(" + input + ");");
            if (ReturnSequences) return variable + "Sequence";
            writer.WriteLine("var " + variable + "Output = " + TypeNames.Layers + ".LastStep(" + variable + "Sequence);");
            return variable + "Output";
        }
    }
}
