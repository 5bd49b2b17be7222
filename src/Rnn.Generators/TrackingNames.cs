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

        /// <summary>Every tracked step.</summary>
        public static readonly string[] All = { Models, Declarations, Analyzed, Emittable };
    }
}
