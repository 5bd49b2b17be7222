using System.Collections.Generic;
using System.Linq;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    /// <summary>
    /// Which of the user's members the generated class would declare again, by C#'s rules: two members of one name
    /// clash unless both are methods (or constructors) with different parameter types (CS0102, CS0111). Pure: plain
    /// data in, located diagnostics out (RNN0025 member, RNN0026 layer field, RNN0028 constructor), one per user member.
    /// </summary>
    internal static class MemberClashes
    {
        public static List<DiagnosticInfo> Find(string modelName, IReadOnlyList<GeneratedMember> generated, IReadOnlyList<UserMember> user)
        {
            var diagnostics = new List<DiagnosticInfo>();
            foreach (var member in user)
            {
                var clash = generated.FirstOrDefault(g => Clashes(g, member));
                if (clash is null) continue;
                if (clash.Layer is not null)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerFieldName, member.Location, null, modelName, member.Name, clash.Layer));
                else if (member.IsConstructor)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConstructorClash, member.Location, null, modelName, member.Display, clash.Declaration));
                else
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberClash, member.Location, null, modelName, member.Display, clash.Declaration));
            }
            return diagnostics;
        }

        private static bool Clashes(GeneratedMember generated, UserMember user) =>
            generated.Name == user.Name
            && (generated.Parameters is not { } ours || user.Parameters is not { } theirs || ours.Equals(theirs));
    }
}
