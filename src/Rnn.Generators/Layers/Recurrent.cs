using System;
using System.Globalization;
using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// What SimpleRnn, Lstm and Gru share: units, ReturnSequences, Bidirectional with its MergeMode, input Dropout, the
    /// need for a sequence input, and TorchSharp's parameter count with two bias vectors per gate block,
    /// directions × gates × (u·(f + u) + 2u). Bidirectional layers are named and typed as Keras's wrapper,
    /// <c>bidirectional (Bidirectional)</c>.
    /// </summary>
    internal abstract record RecurrentLayer(int Units, bool ReturnSequences, bool Bidirectional, MergeMode MergeMode, bool MergeModeSet, double Dropout) : LayerSpec
    {
        /// <summary>The number of gate blocks: SimpleRnn 1, Gru 3, Lstm 4.</summary>
        protected abstract int Gates { get; }

        /// <summary>The kind's own name, e.g. <c>Lstm</c> (also the runtime module's).</summary>
        public abstract string KindName { get; }

        /// <summary>The kind's own snake_case name, e.g. <c>simple_rnn</c>.</summary>
        protected abstract string KindBaseName { get; }

        public override string TypeName => Bidirectional ? "Bidirectional" : KindName;

        public override string BaseName => Bidirectional ? "bidirectional" : KindBaseName;

        public override string ModuleName => KindName;

        public override string Display => KindName + "(" + Units.ToString(CultureInfo.InvariantCulture) + ")";

        public override string SizeArgument => "units";

        public override bool CanReturnSequences => true;

        public override bool ReturnsSequences => ReturnSequences;

        public override bool IsRecurrent => true;

        /// <summary>Only forward over the whole sequence: a bidirectional layer needs the steps after each one.</summary>
        public override bool RunsStepByStep => ReturnSequences && !Bidirectional;

        /// <summary>The runtime's state record of this kind, e.g. <c>global::Rnn.LstmState</c>.</summary>
        public string StateType => "global::Rnn." + KindName + "State";

        /// <summary>The state's tensors as the docs name them: <c>H</c>, or <c>H and C</c> for an LSTM.</summary>
        public virtual string StateTensors => "H";

        /// <summary>
        /// The state's shape for the docs: <c>[batch, 64]</c>, or for a bidirectional layer
        /// <c>[batch, 64] (32 forward units, then 32 backward)</c>.
        /// </summary>
        public string StateShape
        {
            get
            {
                string units = Units.ToString(CultureInfo.InvariantCulture);
                return Bidirectional
                    ? "[batch, " + (2 * Units).ToString(CultureInfo.InvariantCulture) + "] (" + units + " forward units, then " + units + " backward)"
                    : "[batch, " + units + "]";
            }
        }

        /// <summary>Reads units and the options every recurrent attribute has.</summary>
        protected static (int Units, bool ReturnSequences, bool Bidirectional, MergeMode MergeMode, bool MergeModeSet, double Dropout) DecodeCommon(AttributeArguments arguments) =>
            (arguments.Int("units"), arguments.Named("ReturnSequences", false), arguments.Named("Bidirectional", false),
             arguments.NamedEnum("MergeMode", MergeMode.Concat), arguments.IsSet("MergeMode"), arguments.Named("Dropout", 0.0));

        public override ShapeRuleResult Infer(ShapeContext context, TensorShape input)
        {
            if (Units <= 0) context.NonPositive("units", Display, Units);
            CheckActivation(context);
            context.RequireRate(Display, "Dropout", Dropout);
            if (!Enum.IsDefined(typeof(MergeMode), MergeMode))
                context.Report(DiagnosticDescriptors.UnsupportedOption, "MergeMode", "(MergeMode)" + ((int)MergeMode).ToString(CultureInfo.InvariantCulture),
                    "merge mode", Display, "Concat, Sum, Multiply or Average");
            else if (MergeModeSet && !Bidirectional)
                context.Report(DiagnosticDescriptors.MergeModeWithoutBidirectional, "MergeMode", Display, MergeMode.ToString());

            context.RequireSequence(input); // else RNN0001, on the layer before
            int width = Bidirectional && MergeMode == MergeMode.Concat ? 2 * Units : Units;
            var output = ReturnSequences ? TensorShape.Sequence(input.Time, width) : TensorShape.Flat(width);
            decimal f = input.Features, u = Units;
            decimal parameters = (Bidirectional ? 2 : 1) * Gates * (u * (f + u) + 2 * u);
            return new ShapeRuleResult(output, parameters, ReturnSequences ? MaskFlow.Pass : MaskFlow.Ends);
        }

        /// <summary>Checks the activation, for the kinds that take one.</summary>
        protected virtual void CheckActivation(ShapeContext context)
        {
        }

        /// <summary>The module's arguments between the units and the options: SimpleRnn's activation.</summary>
        protected virtual string ActivationArgument => string.Empty;

        public override string ConstructorArguments(LayerShape shape) =>
            Code.Int(shape.InputFeatures) + ", " + Code.Int(Units) + ActivationArgument + ", " + Code.Bool(ReturnSequences) + ", "
            + Code.Bool(Bidirectional) + ", " + TypeNames.MergeMode + "." + MergeMode + ", " + Code.Double(Dropout) + ", generator";
    }
}
