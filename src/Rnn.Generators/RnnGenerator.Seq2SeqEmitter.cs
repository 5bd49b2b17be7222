using System;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    public sealed partial class RnnGenerator
    {
        /// <summary>
        /// Writes the generated partial class of one valid Seq2Seq model: a <c>Rnn.Seq2SeqModel</c> holding the encoder and
        /// the decoder as fields <c>encoder</c> and <c>decoder</c> (so their parameters are <c>encoder.*</c> and
        /// <c>decoder.*</c>), and what the runtime asks of them. The members <see cref="ModelMembers.OfSeq2Seq"/> lists, in
        /// order, one Write method per kind. Culture-invariant.
        /// </summary>
        internal static class Seq2SeqEmitter
        {
            public static string Emit(Seq2SeqToEmit model) =>
                Emitter.EmitClass(model.Hierarchy, model.Name, TypeNames.Seq2SeqModel, writer =>
                {
                    for (int i = 0; i < model.Members.Count; i++)
                    {
                        var kind = model.Members[i].Kind;
                        if (i > 0 && !(kind == MemberKind.DecoderField && model.Members[i - 1].Kind == MemberKind.EncoderField)) writer.WriteLine();
                        WriteMember(writer, model, kind);
                    }
                });

            private static void WriteMember(SourceWriter writer, Seq2SeqToEmit model, MemberKind kind)
            {
                switch (kind)
                {
                    case MemberKind.ParameterCount: Emitter.WriteParameterCount(writer, model.ParameterCount, " of the encoder and the decoder"); break;
                    case MemberKind.EncoderField: writer.WriteLine("private readonly " + model.Encoder.TypeName + " encoder;"); break;
                    case MemberKind.DecoderField: writer.WriteLine("private readonly " + model.Decoder.TypeName + " decoder;"); break;
                    case MemberKind.DefaultConstructor: Emitter.WriteDefaultConstructor(writer, model.Name); break;
                    case MemberKind.SeedConstructor: WriteSeedConstructor(writer, model); break;
                    case MemberKind.EncoderModel: WritePart(writer, "EncoderModel", "encoder"); break;
                    case MemberKind.DecoderModel: WritePart(writer, "DecoderModel", "decoder"); break;
                    case MemberKind.DecoderInitialState: WriteDecoderInitialState(writer); break;
                    case MemberKind.Summary: WriteSummary(writer, model); break;
                    default: throw new InvalidOperationException("The Seq2Seq emitter has no Write method for " + kind + ".");
                }
            }

            private static void WriteSeedConstructor(SourceWriter writer, Seq2SeqToEmit model) =>
                writer.WriteLines($$"""
                    /// <summary>Creates the model; the same <paramref name="seed"/> gives the same weights.</summary>
                    /// <param name="seed">Seed of the weight initialisers (the decoder's is derived from it), or null for TorchSharp's global generator.</param>
                    public {{Emitter.Identifier(model.Name)}}(long? seed) : base({{Code.Quote(model.Name)}})
                    {
                        encoder = new {{model.Encoder.TypeName}}(seed);
                        decoder = new {{model.Decoder.TypeName}}({{TypeNames.Seq2SeqModel}}.DecoderSeed(seed));
                        RegisterComponents();
                    }
                    """);

            private static void WritePart(SourceWriter writer, string property, string field) =>
                writer.WriteLines($$"""
                    /// <inheritdoc/>
                    public override {{TypeNames.RnnModel}} {{property}} => {{field}};
                    """);

            private static void WriteDecoderInitialState(SourceWriter writer) =>
                writer.WriteLines($$"""
                    /// <inheritdoc/>
                    protected override {{TypeNames.ModelState}} DecoderInitialState(long batchSize) => decoder.InitialState(batchSize);
                    """);

            private static void WriteSummary(SourceWriter writer, Seq2SeqToEmit model) =>
                writer.WriteLines($$"""
                    /// <inheritdoc/>
                    public override string Summary() =>
                        {{TypeNames.ModelSummary}}.Format({{Code.Quote(model.Name)}}, {{Code.Quote(model.Encoder.Display)}}, {{model.Encoder.TypeName}}.Architecture, {{Code.Quote(model.Decoder.Display)}}, {{model.Decoder.TypeName}}.Architecture);
                    """);
        }
    }
}
