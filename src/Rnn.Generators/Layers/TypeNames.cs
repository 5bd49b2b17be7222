namespace Rnn.Generators.Layers
{
    /// <summary>The fully qualified (<c>global::</c>) names generated code uses, in one place.</summary>
    internal static class TypeNames
    {
        public const string Tensor = "global::TorchSharp.torch.Tensor";
        public const string DisposeScope = "global::TorchSharp.torch.NewDisposeScope";
        public const string GeneratedModelSupport = "global::Rnn.GeneratedModelSupport";
        public const string Activation = "global::Rnn.Activation";
        public const string MergeMode = "global::Rnn.MergeMode";
        public const string WindowPadding = "global::Rnn.WindowPadding";
        public const string Modules = "global::Rnn.Modules";
        public const string RnnModel = "global::Rnn.RnnModel";
        public const string Seq2SeqModel = "global::Rnn.Seq2SeqModel";
        public const string ModelState = "global::Rnn.ModelState";
        public const string RecurrentState = "global::Rnn.RecurrentState";
        public const string Sampling = "global::Rnn.Sampling";
        public const string Shape = "global::Rnn.Shape";
        public const string LayerInfo = "global::Rnn.LayerInfo";
        public const string ModelSummary = "global::Rnn.ModelSummary";
        public const string NativeSetup = "global::Rnn.NativeSetup";
        public const string GeneratedCode = "global::System.CodeDom.Compiler.GeneratedCode";
        public const string ReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";
        public const string ModuleInitializer = "global::System.Runtime.CompilerServices.ModuleInitializer";
    }
}
