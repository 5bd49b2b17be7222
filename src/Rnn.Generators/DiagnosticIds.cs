namespace Rnn.Generators
{
    /// <summary>
    /// The IDs of every Rnn diagnostic, and the names of the properties some of them carry for code fixes. Pure
    /// constants: the code fixes compile this file too (linked), so both sides use the same IDs.
    /// </summary>
    internal static class DiagnosticIds
    {
        public const string NeedsSequence = "RNN0001";
        public const string NonPositiveSize = "RNN0002";
        public const string MissingInput = "RNN0003";
        public const string DuplicateInput = "RNN0004";
        public const string NotPartial = "RNN0005";
        public const string ContainingTypeNotPartial = "RNN0006";
        public const string Generic = "RNN0007";
        public const string LayersSpread = "RNN0008";
        public const string UnsupportedActivation = "RNN0009";
        public const string NoLayers = "RNN0010";
        public const string OutputIsSequence = "RNN0011";
        public const string HasBaseClass = "RNN0012";
        public const string UndefinedActivation = "RNN0013";
        public const string NotAClass = "RNN0014";
        public const string TooManyParameters = "RNN0015";
        public const string SequenceTooShort = "RNN0016";
        public const string TokensNeedEmbedding = "RNN0017";
        public const string EmbeddingNeedsTokens = "RNN0018";
        public const string LayerNeedsSequence = "RNN0019";
        public const string DropoutOutOfRange = "RNN0020";
        public const string MergeModeWithoutBidirectional = "RNN0021";
        public const string MaskingOnTokens = "RNN0022";
        public const string MaskIgnored = "RNN0023";
        public const string UnsupportedOption = "RNN0024";
        public const string MemberClash = "RNN0025";
        public const string LayerFieldName = "RNN0026";
        public const string PrimaryConstructor = "RNN0027";
        public const string ConstructorClash = "RNN0028";
        public const string AttentionWidthMismatch = "RNN0029";
        public const string Seq2SeqPartNotAModel = "RNN0030";
        public const string Seq2SeqPartWithoutRecurrentLayer = "RNN0031";
        public const string Seq2SeqStateKind = "RNN0032";
        public const string Seq2SeqStateUnits = "RNN0033";
        public const string Seq2SeqMergeMode = "RNN0034";
        public const string Seq2SeqDecoderNotLanguageModel = "RNN0035";
        public const string Seq2SeqHasLayers = "RNN0036";
        public const string Seq2SeqAttentionWithoutSequence = "RNN0037";

        /// <summary>
        /// Diagnostic property (RNN0001, RNN0019): the span, <c>start:length</c>, of the recurrent layer attribute on which
        /// <c>ReturnSequences = true</c> fixes the model. Absent when no such layer would.
        /// </summary>
        public const string ReturnSequencesTarget = "ReturnSequencesTarget";
    }
}
