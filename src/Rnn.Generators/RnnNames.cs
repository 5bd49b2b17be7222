namespace Rnn.Generators
{
    /// <summary>
    /// Metadata names of the Rnn types the generator and the code fixes look for. The layer attributes are listed by
    /// <c>Layers.LayerRegistry</c>; these are the others. The code fixes compile this file too (linked).
    /// </summary>
    internal static class RnnNames
    {
        public const string InputAttribute = "Rnn.InputAttribute";
        public const string InputAttributeShortName = "Input";
        public const string RnnModel = "Rnn.RnnModel";
        public const string Seq2SeqAttribute = "Rnn.Seq2SeqAttribute";
        public const string Seq2SeqModel = "Rnn.Seq2SeqModel";
        public const string ModelState = "Rnn.ModelState";
        public const string Sampling = "Rnn.Sampling";
        public const string ModuleInitializerAttribute = "System.Runtime.CompilerServices.ModuleInitializerAttribute";

        /// <summary>The first argument of <c>[GeneratedCode]</c> on every generated class, by which the parser tells the generated members from the user's.</summary>
        public const string GeneratorName = "Rnn.Generators";
    }
}
