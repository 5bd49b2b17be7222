namespace Rnn.CodeFixes
{
    /// <summary>
    /// The IDs of the Rnn diagnostics (reported by RnnModelAnalyzer) these fixes handle. They mirror Rnn.Generators.DiagnosticDescriptors, which is
    /// internal to the generator; a test checks that the two agree.
    /// </summary>
    internal static class DiagnosticIds
    {
        /// <summary>A recurrent layer gets [None, features] but needs a sequence.</summary>
        public const string NeedsSequence = "RNN0001";

        /// <summary>Layer attributes without [Input].</summary>
        public const string MissingInput = "RNN0003";

        /// <summary>The model class is not partial.</summary>
        public const string NotPartial = "RNN0005";
    }
}
