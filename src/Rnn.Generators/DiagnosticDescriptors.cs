using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Rnn.Generators
{
    /// <summary>Every diagnostic Rnn reports (through <see cref="RnnModelAnalyzer"/>). IDs are stable; never reuse a retired one.</summary>
    internal static class DiagnosticDescriptors
    {
        public const string ShapeCategory = "RnnShape";
        public const string UsageCategory = "RnnUsage";

        public static readonly DiagnosticDescriptor NeedsSequence = Create(
            DiagnosticIds.NeedsSequence, ShapeCategory, DiagnosticSeverity.Error,
            "Recurrent layer needs a sequence input",
            "{0}; {1} needs a sequence [None, time, features]: {2}");

        public static readonly DiagnosticDescriptor NonPositiveSize = Create(
            DiagnosticIds.NonPositiveSize, UsageCategory, DiagnosticSeverity.Error,
            "Sizes must be positive",
            "{1} has {0} = {2}, but {0} must be positive");

        public static readonly DiagnosticDescriptor MissingInput = Create(
            DiagnosticIds.MissingInput, UsageCategory, DiagnosticSeverity.Error,
            "Model has layers but no [Input]",
            "'{0}' declares layers but no input; add [Input(timesteps, features)] to give its input shape [None, timesteps, features]");

        public static readonly DiagnosticDescriptor DuplicateInput = Create(
            DiagnosticIds.DuplicateInput, UsageCategory, DiagnosticSeverity.Error,
            "Model declares [Input] more than once",
            "'{0}' declares [Input] more than once; a model has exactly one input, remove this one");

        public static readonly DiagnosticDescriptor NotPartial = Create(
            DiagnosticIds.NotPartial, UsageCategory, DiagnosticSeverity.Error,
            "Model class must be partial",
            "'{0}' has Rnn layer attributes but is not partial; declare it 'partial class {0}' so the model can be generated");

        public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Create(
            DiagnosticIds.ContainingTypeNotPartial, UsageCategory, DiagnosticSeverity.Error,
            "Type containing a model must be partial",
            "'{0}' is nested in '{1}', which is not partial; declare '{1}' partial so the model can be generated");

        public static readonly DiagnosticDescriptor Generic = Create(
            DiagnosticIds.Generic, UsageCategory, DiagnosticSeverity.Error,
            "Model class cannot be generic",
            "'{0}' is generic or nested in a generic type; an Rnn model must be a non-generic class");

        public static readonly DiagnosticDescriptor LayersSpread = Create(
            DiagnosticIds.LayersSpread, UsageCategory, DiagnosticSeverity.Error,
            "Layers are declared on more than one partial declaration",
            "The layers of '{0}' are declared on more than one partial declaration, so their order is ambiguous; put all layer attributes on one declaration");

        public static readonly DiagnosticDescriptor UnsupportedActivation = Create(
            DiagnosticIds.UnsupportedActivation, UsageCategory, DiagnosticSeverity.Error,
            "SimpleRnn supports only Tanh and Relu",
            "SimpleRnn supports the activations Tanh and Relu, not {0}");

        public static readonly DiagnosticDescriptor NoLayers = Create(
            DiagnosticIds.NoLayers, ShapeCategory, DiagnosticSeverity.Error,
            "Model has no layers",
            "'{0}' declares an input {1} but no layers; add at least one layer, e.g. [Lstm(64)] then [Dense(10)]");

        public static readonly DiagnosticDescriptor OutputIsSequence = Create(
            DiagnosticIds.OutputIsSequence, ShapeCategory, DiagnosticSeverity.Info,
            "Model output is a sequence",
            "The output of '{0}' is a sequence, {1}: {2}; {3}");

        public static readonly DiagnosticDescriptor HasBaseClass = Create(
            DiagnosticIds.HasBaseClass, UsageCategory, DiagnosticSeverity.Error,
            "Model class cannot declare a base class",
            "'{0}' derives from '{1}', but the generated model derives from {2}; remove the base class");

        public static readonly DiagnosticDescriptor UndefinedActivation = Create(
            DiagnosticIds.UndefinedActivation, UsageCategory, DiagnosticSeverity.Error,
            "Unknown activation",
            "{0} is not an Activation; use None, Tanh, Relu, Sigmoid or Softmax");

        public static readonly DiagnosticDescriptor NotAClass = Create(
            DiagnosticIds.NotAClass, UsageCategory, DiagnosticSeverity.Error,
            "Model must be a non-static class",
            "'{0}' is {1}; an Rnn model must be a non-static, non-file-local class, not a record");

        public static readonly DiagnosticDescriptor TooManyParameters = Create(
            DiagnosticIds.TooManyParameters, ShapeCategory, DiagnosticSeverity.Error,
            "Layer has too many parameters",
            "{0} would have {1} parameters, more than a model can hold; use fewer units");

        public static readonly DiagnosticDescriptor SequenceTooShort = Create(
            DiagnosticIds.SequenceTooShort, ShapeCategory, DiagnosticSeverity.Error,
            "Sequence too short for the window",
            "{0} → {1} needs at least {2} timesteps; {3}");

        public static readonly DiagnosticDescriptor TokensNeedEmbedding = Create(
            DiagnosticIds.TokensNeedEmbedding, ShapeCategory, DiagnosticSeverity.Error,
            "Token input must be followed by Embedding",
            "{0} gives int64 token ids {1}, but {2} needs float features; put [Embedding(vocabulary, dimensions)] right after the input");

        public static readonly DiagnosticDescriptor EmbeddingNeedsTokens = Create(
            DiagnosticIds.EmbeddingNeedsTokens, ShapeCategory, DiagnosticSeverity.Error,
            "Embedding must come right after a token input",
            "{0} gets {1}, but it needs int64 token ids [None, time]: put it right after a token input, [Input(timesteps)]");

        public static readonly DiagnosticDescriptor LayerNeedsSequence = Create(
            DiagnosticIds.LayerNeedsSequence, ShapeCategory, DiagnosticSeverity.Error,
            "Layer needs a sequence input",
            "{0}; {1} needs a sequence [None, time, features]: {2}");

        public static readonly DiagnosticDescriptor DropoutOutOfRange = Create(
            DiagnosticIds.DropoutOutOfRange, UsageCategory, DiagnosticSeverity.Error,
            "Dropout rate must be in [0, 1)",
            "{0} has {1} = {2}, but a dropout rate must be at least 0 and less than 1");

        public static readonly DiagnosticDescriptor MergeModeWithoutBidirectional = Create(
            DiagnosticIds.MergeModeWithoutBidirectional, UsageCategory, DiagnosticSeverity.Error,
            "MergeMode needs Bidirectional",
            "{0} sets MergeMode = {1} but is not bidirectional; set Bidirectional = true, or remove MergeMode");

        public static readonly DiagnosticDescriptor MaskingOnTokens = Create(
            DiagnosticIds.MaskingOnTokens, UsageCategory, DiagnosticSeverity.Error,
            "Masking needs float features, not token ids",
            "{0} gets int64 token ids {1}; Masking works on float features: for token ids use [Embedding(vocabulary, dimensions, MaskZero = true)] instead");

        public static readonly DiagnosticDescriptor MaskIgnored = Create(
            DiagnosticIds.MaskIgnored, ShapeCategory, DiagnosticSeverity.Warning,
            "Layer ignores the mask",
            "{0} ignores the mask from {1}: padded steps enter its windows and the layers after it see no mask; {2}");

        public static readonly DiagnosticDescriptor UnsupportedOption = Create(
            DiagnosticIds.UnsupportedOption, UsageCategory, DiagnosticSeverity.Error,
            "Unsupported option value",
            "{0} is not a valid {1} for {2}; use {3}");

        public static readonly DiagnosticDescriptor MemberClash = Create(
            DiagnosticIds.MemberClash, UsageCategory, DiagnosticSeverity.Error,
            "Member clashes with a generated member",
            "'{0}' declares '{1}', but the generated model declares '{2}'; rename or remove '{1}'");

        public static readonly DiagnosticDescriptor LayerFieldName = Create(
            DiagnosticIds.LayerFieldName, UsageCategory, DiagnosticSeverity.Error,
            "Member has the name of a layer field",
            "'{0}' declares '{1}', the name of the field that holds its layer {2}; rename it: layer fields have the layers' Keras names, which also prefix their parameter names in saved weights");

        public static readonly DiagnosticDescriptor PrimaryConstructor = Create(
            DiagnosticIds.PrimaryConstructor, UsageCategory, DiagnosticSeverity.Error,
            "Model class cannot have a primary constructor",
            "'{0}' has a primary constructor, {1}, but the generated model declares its own constructors, {0}() and {0}(long? seed); remove the parameter list and declare a constructor that calls : this(seed)");

        public static readonly DiagnosticDescriptor ConstructorClash = Create(
            DiagnosticIds.ConstructorClash, UsageCategory, DiagnosticSeverity.Error,
            "Constructor clashes with a generated constructor",
            "'{0}' declares the constructor {1}, which the generated model declares as '{2}'; remove it, or give it other parameters and call : this(seed)");

        public static readonly DiagnosticDescriptor AttentionWidthMismatch = Create(
            DiagnosticIds.AttentionWidthMismatch, ShapeCategory, DiagnosticSeverity.Error,
            "Attention query and value widths differ",
            "{0} gets queries {1} but attends over values {2}: its scores compare each query with each value step, so both need the same number of features; {3}");

        public static readonly DiagnosticDescriptor Seq2SeqPartNotAModel = Create(
            DiagnosticIds.Seq2SeqPartNotAModel, UsageCategory, DiagnosticSeverity.Error,
            "Seq2Seq part is not a declared model",
            "The {0} of '{1}', {2}, is not a declared Rnn model: {3}; the encoder and the decoder must be partial classes of this project declared with [Input] and layers");

        public static readonly DiagnosticDescriptor Seq2SeqPartWithoutRecurrentLayer = Create(
            DiagnosticIds.Seq2SeqPartWithoutRecurrentLayer, ShapeCategory, DiagnosticSeverity.Error,
            "Seq2Seq part has no recurrent layer",
            "The {0} of '{1}', {2}, has no recurrent layer, but {3}; add a SimpleRnn, Lstm or Gru layer");

        public static readonly DiagnosticDescriptor Seq2SeqStateKind = Create(
            DiagnosticIds.Seq2SeqStateKind, ShapeCategory, DiagnosticSeverity.Error,
            "Encoder and decoder states are of different kinds",
            "The final state of {0}, the last recurrent layer of the encoder '{1}', starts {2}, the first recurrent layer of the decoder '{3}', but they carry different states ({4} against {5}); make both layers Lstm, both Gru or both SimpleRnn");

        public static readonly DiagnosticDescriptor Seq2SeqStateUnits = Create(
            DiagnosticIds.Seq2SeqStateUnits, ShapeCategory, DiagnosticSeverity.Error,
            "Encoder and decoder states differ in size",
            "The final state of {0}, the last recurrent layer of the encoder '{1}', has {2} units{3}, but it starts {4}, the first recurrent layer of the decoder '{5}', which has {6}; {7}");

        public static readonly DiagnosticDescriptor Seq2SeqMergeMode = Create(
            DiagnosticIds.Seq2SeqMergeMode, UsageCategory, DiagnosticSeverity.Error,
            "Bidirectional encoder state cannot start the decoder",
            "Bidirectional {0}, the last recurrent layer of the encoder '{1}', merges its directions with MergeMode.{2}, but its two final states become the decoder's one state only by Concat (the decoder's first recurrent layer then has {3} units) or Sum ({4} units); set MergeMode = MergeMode.Concat or MergeMode = MergeMode.Sum");

        public static readonly DiagnosticDescriptor Seq2SeqDecoderNotLanguageModel = Create(
            DiagnosticIds.Seq2SeqDecoderNotLanguageModel, ShapeCategory, DiagnosticSeverity.Error,
            "Decoder is not a language model",
            "The decoder '{0}' of '{1}' is not a language model over its vocabulary: {2}; a decoder writes one token per step, so it reads token ids through an Embedding, runs every layer one step at a time and ends in one score per token, [None, time, vocabulary]");

        public static readonly DiagnosticDescriptor Seq2SeqHasLayers = Create(
            DiagnosticIds.Seq2SeqHasLayers, UsageCategory, DiagnosticSeverity.Error,
            "Seq2Seq model declares layers of its own",
            "'{0}' joins an encoder and a decoder with [Seq2Seq], so it has no input or layers of its own; move [{1}] to the encoder or the decoder");

        public static readonly DiagnosticDescriptor Seq2SeqAttentionWithoutSequence = Create(
            DiagnosticIds.Seq2SeqAttentionWithoutSequence, ShapeCategory, DiagnosticSeverity.Error,
            "Decoder attention needs the encoder's output sequence",
            "{0}; {1} in the decoder '{2}' attends over the encoder's output sequence [None, time, features]: {3}");

        /// <summary>All descriptors, in ID order.</summary>
        public static readonly DiagnosticDescriptor[] All =
        {
            NeedsSequence, NonPositiveSize, MissingInput, DuplicateInput, NotPartial, ContainingTypeNotPartial, Generic,
            LayersSpread, UnsupportedActivation, NoLayers, OutputIsSequence, HasBaseClass, UndefinedActivation, NotAClass,
            TooManyParameters, SequenceTooShort, TokensNeedEmbedding, EmbeddingNeedsTokens, LayerNeedsSequence, DropoutOutOfRange,
            MergeModeWithoutBidirectional, MaskingOnTokens, MaskIgnored, UnsupportedOption, MemberClash, LayerFieldName, PrimaryConstructor,
            ConstructorClash, AttentionWidthMismatch, Seq2SeqPartNotAModel, Seq2SeqPartWithoutRecurrentLayer, Seq2SeqStateKind, Seq2SeqStateUnits,
            Seq2SeqMergeMode, Seq2SeqDecoderNotLanguageModel, Seq2SeqHasLayers, Seq2SeqAttentionWithoutSequence,
        };

        /// <summary>The descriptors by ID.</summary>
        public static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

        private static DiagnosticDescriptor Create(string id, string category, DiagnosticSeverity severity, string title, string message) =>
            new DiagnosticDescriptor(
                id,
                title,
                message,
                category,
                severity,
                isEnabledByDefault: true,
                helpLinkUri: "https://github.com/rnn-dotnet/rnn/blob/main/docs/diagnostics/" + id + ".md");
    }
}
