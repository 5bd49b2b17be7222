namespace Rnn.Generators
{
    /// <summary>Names of the tracked pipeline steps, for caching tests.</summary>
    internal static class TrackingNames
    {
        public const string Models = "Models";
        public const string Declarations = "Declarations";
        public const string Analyzed = "Analyzed";
        public const string Emittable = "Emittable";

        /// <summary>Every tracked step.</summary>
        public static readonly string[] All = { Models, Declarations, Analyzed, Emittable };
    }
}
