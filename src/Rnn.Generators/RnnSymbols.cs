using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Rnn.Generators.Layers;

namespace Rnn.Generators
{
    /// <summary>
    /// The Rnn symbols of one compilation, resolved once by metadata name (as System.Text.Json's KnownTypeSymbols):
    /// [Input], every registered layer attribute (mapped to its <see cref="LayerDescriptor"/>), RnnModel and
    /// ModuleInitializerAttribute. Attributes are then recognised by symbol, never by name.
    /// </summary>
    internal sealed class RnnSymbols
    {
        private readonly Dictionary<INamedTypeSymbol, LayerDescriptor> _layers = new Dictionary<INamedTypeSymbol, LayerDescriptor>(SymbolEqualityComparer.Default);

        /// <summary>One instance per compilation, see <see cref="For"/>. Read-only once built, so it is safe to share across threads.</summary>
        private static readonly ConditionalWeakTable<Compilation, RnnSymbols> PerCompilation = new ConditionalWeakTable<Compilation, RnnSymbols>();

        /// <summary>
        /// The symbols of <paramref name="compilation"/>, resolved once. The generator's transform runs again for every model
        /// on every compilation change (ForAttributeWithMetadataName combines each model with the compilation); resolving
        /// the symbols per model made them half of its cost. Held weakly: the entry dies with its compilation.
        /// The only way to get the symbols: the generator, the analyzer and the tests all share this instance.
        /// </summary>
        public static RnnSymbols For(Compilation compilation) => PerCompilation.GetValue(compilation, static c => new RnnSymbols(c));

        private RnnSymbols(Compilation compilation)
        {
            InputAttribute = compilation.GetTypeByMetadataName(RnnNames.InputAttribute);
            RnnModel = compilation.GetTypeByMetadataName(RnnNames.RnnModel);
            Seq2SeqAttribute = compilation.GetTypeByMetadataName(RnnNames.Seq2SeqAttribute);
            Seq2SeqModel = compilation.GetTypeByMetadataName(RnnNames.Seq2SeqModel);
            HasModuleInitializer = compilation.GetTypeByMetadataName(RnnNames.ModuleInitializerAttribute) is not null;
            HasRuntimeMetadata = RnnModel is not null && !RnnModel.GetMembers("LayerModules").IsEmpty;
            HasRecurrentState = HasRuntimeMetadata && !RnnModel!.GetMembers("ForwardWithStateCore").IsEmpty
                && compilation.GetTypeByMetadataName(RnnNames.ModelState) is not null;
            HasGeneration = HasRecurrentState && compilation.GetTypeByMetadataName(RnnNames.Sampling) is not null
                && !RnnModel!.GetMembers("IsLanguageModel").IsEmpty;
            HasMemory = HasRecurrentState && !RnnModel!.GetMembers("ForwardWithMemoryCore").IsEmpty;
            foreach (var descriptor in LayerRegistry.All)
            {
                if (compilation.GetTypeByMetadataName(descriptor.AttributeMetadataName) is { } attribute)
                    _layers[attribute] = descriptor;
            }
        }

        public INamedTypeSymbol? InputAttribute { get; }

        public INamedTypeSymbol? RnnModel { get; }

        /// <summary>[Seq2Seq(typeof(Encoder), typeof(Decoder))], which joins two models into an encoder–decoder.</summary>
        public INamedTypeSymbol? Seq2SeqAttribute { get; }

        /// <summary>The runtime base of the generated encoder–decoder classes, or null when the runtime lacks it.</summary>
        public INamedTypeSymbol? Seq2SeqModel { get; }

        public bool HasModuleInitializer { get; }

        /// <summary>
        /// True when the referenced RnnModel declares <c>LayerModules</c>, <c>ModelInputShape</c> and <c>InputIsTokens</c>
        /// (docs/design/layers.md), so the generated model overrides them; an older runtime does not have them.
        /// </summary>
        public bool HasRuntimeMetadata { get; }

        /// <summary>
        /// True when the referenced runtime has <c>ModelState</c> and RnnModel's <c>ForwardWithStateCore</c> (and the
        /// runtime metadata), so a model with recurrent layers gets its <c>State</c> record and <c>ForwardWithState</c>.
        /// </summary>
        public bool HasRecurrentState { get; }

        /// <summary>
        /// True when the referenced runtime has <c>Sampling</c>, RnnModel's <c>IsLanguageModel</c> (and the recurrent
        /// state), so a language model gets its <c>Generate</c> methods and overrides <c>IsLanguageModel</c>.
        /// </summary>
        public bool HasGeneration { get; }
        /// True when the referenced RnnModel has <c>ForwardWithMemoryCore</c> (and the recurrent state), so a model that can
        /// be a Seq2Seq decoder with attention layers gets it.
        /// </summary>
        public bool HasMemory { get; }

        /// <summary>True when the compilation has any Rnn attribute at all.</summary>
        public bool Any => InputAttribute is not null || _layers.Count > 0 || Seq2SeqAttribute is not null;

        /// <summary>True for [Seq2Seq].</summary>
        public bool IsSeq2Seq(INamedTypeSymbol? attributeClass) =>
            attributeClass is not null && SymbolEqualityComparer.Default.Equals(attributeClass, Seq2SeqAttribute);

        /// <summary>The [Seq2Seq] attribute of <paramref name="type"/>, or null when it has none.</summary>
        public AttributeData? Seq2SeqOf(INamedTypeSymbol type)
        {
            if (Seq2SeqAttribute is null) return null;
            foreach (var attribute in type.GetAttributes())
            {
                if (IsSeq2Seq(attribute.AttributeClass)) return attribute;
            }
            return null;
        }

        public bool IsInput(INamedTypeSymbol? attributeClass) =>
            attributeClass is not null && SymbolEqualityComparer.Default.Equals(attributeClass, InputAttribute);

        /// <summary>The descriptor of a layer attribute, or null when <paramref name="attributeClass"/> is no layer attribute.</summary>
        public LayerDescriptor? Layer(INamedTypeSymbol? attributeClass) =>
            attributeClass is not null && _layers.TryGetValue(attributeClass, out var descriptor) ? descriptor : null;

        /// <summary>
        /// True for an attribute of the Rnn attributes assembly that is neither [Input] nor registered: a layer kind
        /// someone forgot to add to <see cref="LayerRegistry"/>.
        /// </summary>
        public bool IsUnregistered(INamedTypeSymbol? attributeClass) =>
            attributeClass is not null && InputAttribute is not null && !IsInput(attributeClass) && Layer(attributeClass) is null && !IsSeq2Seq(attributeClass)
            && attributeClass.TypeKind == TypeKind.Class && !attributeClass.IsAbstract && IsAttribute(attributeClass)
            && SymbolEqualityComparer.Default.Equals(attributeClass.ContainingAssembly, InputAttribute.ContainingAssembly);

        private static bool IsAttribute(INamedTypeSymbol type)
        {
            for (var t = type.BaseType; t is not null; t = t.BaseType)
            {
                if (t.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } && t.Name == "Attribute") return true;
            }
            return false;
        }

        public bool IsRnnModel(INamedTypeSymbol type) => RnnModel is not null && SymbolEqualityComparer.Default.Equals(type, RnnModel);

        public bool IsSeq2SeqModel(INamedTypeSymbol type) => Seq2SeqModel is not null && SymbolEqualityComparer.Default.Equals(type, Seq2SeqModel);
    }
}
