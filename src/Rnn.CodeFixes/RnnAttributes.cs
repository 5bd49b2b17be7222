using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rnn.CodeFixes
{
    /// <summary>How the fixes name Rnn attributes in their titles.</summary>
    internal static class RnnAttributes
    {
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
