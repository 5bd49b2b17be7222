namespace Rnn.Generators.Model
{
    /// <summary>
    /// What a generated member is: the emitter writes each kind with its own method, and every kind but
    /// <see cref="LayerField"/> has a fixed name (<see cref="ModelMembers.NameOf"/>).
    /// </summary>
    internal enum MemberKind
    {
        /// <summary><c>public static Shape InputShape</c>.</summary>
        InputShape,

        /// <summary><c>public static Shape OutputShape</c>.</summary>
        OutputShape,

        /// <summary><c>public const long ParameterCount</c>.</summary>
        ParameterCount,

        /// <summary><c>public static IReadOnlyList&lt;LayerInfo&gt; Architecture</c>.</summary>
        Architecture,

        /// <summary>The field that holds one layer's module, named after the layer (<c>dense_1</c>).</summary>
        LayerField,

        /// <summary><c>public M()</c>.</summary>
        DefaultConstructor,

        /// <summary><c>public M(long? seed)</c>.</summary>
        SeedConstructor,

        /// <summary><c>ForwardWithMask(Tensor input)</c>.</summary>
        ForwardWithMask,

        /// <summary><c>Forward(Tensor input)</c>.</summary>
        Forward,

        /// <summary>
        /// The nested <c>State</c> record, one property per recurrent layer, for a model with recurrent layers when the
        /// runtime has <c>ModelState</c> (<see cref="EmitOptions.RecurrentState"/>); the next three kinds come with it.
        /// </summary>
        State,

        /// <summary><c>InitialState(long batchSize)</c>: the zero state.</summary>
        InitialState,

        /// <summary><c>ForwardWithState(Tensor input, State? initialState = null)</c>.</summary>
        ForwardWithState,

        /// <summary><c>ForwardWithStateCore(Tensor input, ModelState? initialState)</c>, the runtime's untyped entry.</summary>
        ForwardWithStateCore,

        /// <summary>
        /// <c>Generate(ReadOnlySpan&lt;long&gt; prompt, int maxNewTokens, Sampling sampling, long? endToken = null)</c>, for
        /// a language model (<see cref="LanguageModels"/>) when the runtime has <c>Sampling</c> (<see cref="EmitOptions.Generation"/>);
        /// the next kind comes with it.
        /// </summary>
        Generate,

        /// <summary><c>Generate(IReadOnlyList&lt;long[]&gt; prompts, int maxNewTokens, Sampling sampling, long? endToken = null)</c>: several prompts at once.</summary>
        GenerateBatch,

        /// <summary><c>IsLanguageModel</c> (true), which makes <c>ExportOnnx(path)</c> write the stateful one-step graph; with <see cref="Generate"/>.</summary>
        IsLanguageModel,

        /// <summary>
        /// <c>ForwardWithMemoryCore(Tensor input, ModelState? initialState, Tensor memory, Tensor? memoryMask)</c>: the
        /// forward of a model that can be a Seq2Seq decoder with attention layers, which attend over the memory
        /// (<see cref="EmitOptions.Memory"/>).
        /// </summary>
        ForwardWithMemoryCore,

        /// <summary><c>LayerModules</c>, when the runtime has it (<see cref="EmitOptions.RuntimeMetadata"/>).</summary>
        LayerModules,

        /// <summary><c>ModelInputShape</c>, when the runtime has it.</summary>
        ModelInputShape,

        /// <summary><c>InputIsTokens</c>, when the runtime has it.</summary>
        InputIsTokens,

        /// <summary><c>Summary()</c>.</summary>
        Summary,

        /// <summary>A Seq2Seq model's field <c>encoder</c>, which holds the encoder (its parameters are <c>encoder.*</c>).</summary>
        EncoderField,

        /// <summary>A Seq2Seq model's field <c>decoder</c>, which holds the decoder.</summary>
        DecoderField,

        /// <summary>A Seq2Seq model's <c>EncoderModel</c>, the encoder for the runtime.</summary>
        EncoderModel,

        /// <summary>A Seq2Seq model's <c>DecoderModel</c>, the decoder for the runtime.</summary>
        DecoderModel,

        /// <summary>A Seq2Seq model's <c>DecoderInitialState(long batchSize)</c>: the decoder's zero state, of its own State type.</summary>
        DecoderInitialState,

        /// <summary><c>InitializeRnnRuntime()</c>, when a module initializer can reach the type (<see cref="EmitOptions.ModuleInitializer"/>).</summary>
        ModuleInitializer,
    }
}
