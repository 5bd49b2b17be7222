namespace Rnn.Generators
{
    /// <summary>Names of the tracked pipeline steps, for caching tests.</summary>
    internal static class TrackingNames
    {
        public const string Models = "Models";
        public const string Declarations = "Declarations";
        public const string Analyzed = "Analyzed";
        public const string Emittable = "Emittable";

        /// <summary>One output for all models (not per model as the steps in <see cref="All"/>): <see cref="HintNames.CaseClashes"/>.</summary>
        public const string CaseClashes = "CaseClashes";

        public const string Seq2SeqDeclarations = "Seq2SeqDeclarations";
        public const string Seq2SeqAnalyzed = "Seq2SeqAnalyzed";
        public const string Seq2SeqEmittable = "Seq2SeqEmittable";

        /// <summary>Every tracked step of the declared models, one output per model.</summary>
        public static readonly string[] All = { Models, Declarations, Analyzed, Emittable };

        /// <summary>Every tracked step of the Seq2Seq models, one output per [Seq2Seq] class.</summary>
        public static readonly string[] Seq2Seq = { Seq2SeqDeclarations, Seq2SeqAnalyzed, Seq2SeqEmittable };
    }
}
