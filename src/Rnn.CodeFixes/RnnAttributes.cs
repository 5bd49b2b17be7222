using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rnn.CodeFixes
{
    /// <summary>The Rnn attribute kinds a fix needs to tell apart.</summary>
    internal enum RnnAttributeKind
    {
        None,
        Input,
        Recurrent,
        Dense,
    }

    /// <summary>Recognises Rnn attributes in syntax, the way the generator does: by the bound type, Rnn.*Attribute.</summary>
    internal static class RnnAttributes
    {
        public static RnnAttributeKind KindOf(AttributeSyntax attribute, SemanticModel model, CancellationToken cancellationToken)
        {
            var info = model.GetSymbolInfo(attribute, cancellationToken);
            var constructor = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
            var type = constructor?.ContainingType;
            if (type is null || type.ContainingType is not null) return RnnAttributeKind.None;
            if (type.ContainingNamespace is not { Name: "Rnn", ContainingNamespace.IsGlobalNamespace: true }) return RnnAttributeKind.None;
            return type.Name switch
            {
                "InputAttribute" => RnnAttributeKind.Input,
                "SimpleRnnAttribute" or "LstmAttribute" or "GruAttribute" => RnnAttributeKind.Recurrent,
                "DenseAttribute" => RnnAttributeKind.Dense,
                _ => RnnAttributeKind.None,
            };
        }

        /// <summary>
        /// The layer as the user wrote it, without named property arguments: <c>SimpleRnn(64)</c> for
        /// <c>SimpleRnn(64, ReturnSequences = false)</c>.
        /// </summary>
        public static string Display(AttributeSyntax attribute)
        {
            var arguments = attribute.ArgumentList?.Arguments.Where(a => a.NameEquals is null).Select(a => a.ToString()) ?? Enumerable.Empty<string>();
            return attribute.Name.ToString() + "(" + string.Join(", ", arguments) + ")";
        }
    }
}
