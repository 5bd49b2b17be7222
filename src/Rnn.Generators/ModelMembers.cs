using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    /// <summary>
    /// The members a model's generated class declares, in the order the emitter writes them: the one list behind both
    /// the emitter (one Write method per <see cref="MemberKind"/>) and the member-clash check (<see cref="MemberClashes"/>).
    /// Pure data, no code. A feature that gives some models more members adds their kinds here, with the condition on
    /// the spec, the shapes or the options, and a Write method for each kind in the emitter.
    /// </summary>
    internal static class ModelMembers
    {
        private static readonly EquatableArray<string> NoParameters = EquatableArray<string>.Empty;
        private static readonly EquatableArray<string> OneTensor = new EquatableArray<string>(new[] { TypeNames.Tensor });

        // The members every generated class declares, a declared model's and a Seq2Seq model's alike.
        private static readonly GeneratedMember ParameterCount = Member(MemberKind.ParameterCount, null, "public const long ParameterCount");
        private static readonly GeneratedMember Summary = Member(MemberKind.Summary, NoParameters, "public override string Summary()");

        /// <summary>
        /// Every name a generated member other than a layer field may have, for any model: the parser reads the user's
        /// members with these names (and the layer fields' names) as data, before it knows which members a model gets.
        /// </summary>
        public static readonly ImmutableArray<string> FixedNames = Enum.GetValues(typeof(MemberKind)).Cast<MemberKind>()
            .Where(kind => kind != MemberKind.LayerField)
            .Select(NameOf)
            .Distinct()
            .ToImmutableArray();

        /// <summary>
        /// The members of <paramref name="spec"/>'s generated class. Its layer fields are listed only with
        /// <paramref name="shapes"/>, which names them (it is null while an attribute is in error, when the layers are not
        /// all known), and its language-model members only with <paramref name="languageModel"/>, what the rule says of it.
        /// </summary>
        public static EquatableArray<GeneratedMember> Of(ModelSpec spec, ShapeAnalysis? shapes, LanguageModelFit? languageModel, EmitOptions options)
        {
            var members = new List<GeneratedMember>
            {
                Member(MemberKind.InputShape, null, "public static Shape InputShape"),
                Member(MemberKind.OutputShape, null, "public static Shape OutputShape"),
                ParameterCount,
                Member(MemberKind.Architecture, null, "public static IReadOnlyList<LayerInfo> Architecture"),
            };
            for (int i = 0; shapes is not null && i < shapes.Layers.Count; i++)
                members.Add(new GeneratedMember(MemberKind.LayerField, shapes.Layers[i].Name, null, "the field " + shapes.Layers[i].Name, i));
            members.AddRange(Constructors(spec.Name));
            members.Add(Member(MemberKind.ForwardWithMask, OneTensor, "public override (Tensor Output, Tensor? Mask) ForwardWithMask(Tensor input)"));
            members.Add(Member(MemberKind.Forward, OneTensor, "public override Tensor Forward(Tensor input)"));
            if (options.RecurrentState && spec.Layers.Any(layer => layer is RecurrentLayer))
            {
                members.Add(Member(MemberKind.State, null, "public sealed record State"));
                members.Add(Member(MemberKind.InitialState, new EquatableArray<string>(new[] { "long" }), "public State InitialState(long batchSize)"));
                // Any method of this name clashes: a user's method cannot name the State type before it is generated, so
                // its parameter types cannot be compared with these.
                members.Add(Member(MemberKind.ForwardWithState, null, "public (Tensor Output, State State) ForwardWithState(Tensor input, State? initialState = null)"));
                members.Add(Member(MemberKind.ForwardWithStateCore, new EquatableArray<string>(new[] { TypeNames.Tensor, TypeNames.ModelState }),
                    "protected override (Tensor Output, Tensor? Mask, ModelState State) ForwardWithStateCore(Tensor input, ModelState? initialState)"));
                if (options.Memory && languageModel is { DecodesWithAttention: true })
                    members.Add(Member(MemberKind.ForwardWithMemoryCore, new EquatableArray<string>(new[] { TypeNames.Tensor, TypeNames.ModelState, TypeNames.Tensor, TypeNames.Tensor }),
                        "protected override (Tensor Output, Tensor? Mask, ModelState State) ForwardWithMemoryCore(Tensor input, ModelState? initialState, Tensor memory, Tensor? memoryMask)"));
            }
            if (options.Generation && languageModel is { Vocabulary: not null })
            {
                members.Add(Member(MemberKind.Generate, GenerateParameters("global::System.ReadOnlySpan<long>"),
                    "public long[] Generate(ReadOnlySpan<long> prompt, int maxNewTokens, Sampling sampling, long? endToken = null)"));
                members.Add(Member(MemberKind.GenerateBatch, GenerateParameters(TypeNames.ReadOnlyList + "<long[]>"),
                    "public long[][] Generate(IReadOnlyList<long[]> prompts, int maxNewTokens, Sampling sampling, long? endToken = null)"));
                members.Add(Member(MemberKind.IsLanguageModel, null, "public override bool IsLanguageModel"));
            }
            if (options.RuntimeMetadata)
            {
                members.Add(Member(MemberKind.LayerModules, null, "public override IReadOnlyList<Layer> LayerModules"));
                members.Add(Member(MemberKind.ModelInputShape, null, "public override Shape ModelInputShape"));
                members.Add(Member(MemberKind.InputIsTokens, null, "public override bool InputIsTokens"));
            }
            members.Add(Summary);
            if (options.ModuleInitializer)
                members.Add(Member(MemberKind.ModuleInitializer, NoParameters, "internal static void InitializeRnnRuntime()"));
            return members.ToEquatableArray();
        }

        /// <summary>The metadata name of a member of <paramref name="kind"/>; every kind but a layer field has one.</summary>
        public static string NameOf(MemberKind kind) => kind switch
        {
            MemberKind.InputShape => "InputShape",
            MemberKind.OutputShape => "OutputShape",
            MemberKind.ParameterCount => "ParameterCount",
            MemberKind.Architecture => "Architecture",
            MemberKind.DefaultConstructor or MemberKind.SeedConstructor => UserMember.ConstructorName,
            MemberKind.ForwardWithMask => "ForwardWithMask",
            MemberKind.Forward => "Forward",
            MemberKind.State => "State",
            MemberKind.InitialState => "InitialState",
            MemberKind.ForwardWithState => "ForwardWithState",
            MemberKind.ForwardWithStateCore => "ForwardWithStateCore",
            MemberKind.Generate or MemberKind.GenerateBatch => "Generate",
            MemberKind.IsLanguageModel => "IsLanguageModel",
            MemberKind.ForwardWithMemoryCore => "ForwardWithMemoryCore",
            MemberKind.LayerModules => "LayerModules",
            MemberKind.ModelInputShape => "ModelInputShape",
            MemberKind.InputIsTokens => "InputIsTokens",
            MemberKind.Summary => "Summary",
            MemberKind.ModuleInitializer => "InitializeRnnRuntime",
            MemberKind.EncoderField => "encoder",
            MemberKind.DecoderField => "decoder",
            MemberKind.EncoderModel => "EncoderModel",
            MemberKind.DecoderModel => "DecoderModel",
            MemberKind.DecoderInitialState => "DecoderInitialState",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A member kind without a fixed name: give it one here."),
        };

        /// <summary>A Generate method's parameter types, its prompts' type first.</summary>
        private static EquatableArray<string> GenerateParameters(string prompts) =>
            new EquatableArray<string>(new[] { prompts, "int", TypeNames.Sampling, "long?" });

        /// <summary>
        /// The members of a Seq2Seq model's generated class named <paramref name="name"/>, in the order the emitter writes
        /// them: the parameter count, the two parts' fields, the constructors, the parts and the decoder's zero state for
        /// the runtime, and the summary.
        /// </summary>
        public static EquatableArray<GeneratedMember> OfSeq2Seq(string name)
        {
            var members = new List<GeneratedMember>
            {
                ParameterCount,
                Member(MemberKind.EncoderField, null, "private readonly Encoder encoder"),
                Member(MemberKind.DecoderField, null, "private readonly Decoder decoder"),
            };
            members.AddRange(Constructors(name));
            members.Add(Member(MemberKind.EncoderModel, null, "public override RnnModel EncoderModel"));
            members.Add(Member(MemberKind.DecoderModel, null, "public override RnnModel DecoderModel"));
            members.Add(Member(MemberKind.DecoderInitialState, new EquatableArray<string>(new[] { "long" }), "protected override ModelState DecoderInitialState(long batchSize)"));
            members.Add(Summary);
            return members.ToEquatableArray();
        }

        /// <summary>The two constructors of a generated class named <paramref name="name"/>: without a seed, and with one.</summary>
        private static GeneratedMember[] Constructors(string name) => new[]
        {
            Member(MemberKind.DefaultConstructor, NoParameters, "public " + name + "() : this(null)"),
            Member(MemberKind.SeedConstructor, new EquatableArray<string>(new[] { "long?" }), "public " + name + "(long? seed)"),
        };

        private static GeneratedMember Member(MemberKind kind, EquatableArray<string>? parameters, string declaration) =>
            new GeneratedMember(kind, NameOf(kind), parameters, declaration, null);
    }
}
