namespace Rnn.Generators
{
    /// <summary>Names of the tracked pipeline steps, for caching tests.</summary>
    internal static class TrackingNames
    {
        public const string Input = "Input";
        public const string SimpleRnn = "SimpleRnn";
        public const string Lstm = "Lstm";
        public const string Gru = "Gru";
        public const string Dense = "Dense";
        public const string Models = "Models";
        public const string Analyzed = "Analyzed";
        public const string Emittable = "Emittable";

        /// <summary>Every tracked step.</summary>
        public static readonly string[] All = { Input, SimpleRnn, Lstm, Gru, Dense, Models, Analyzed, Emittable };
    }
}
