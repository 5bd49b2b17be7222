using System.Collections.Generic;
using System.Linq;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    /// <summary>
    /// Which of the user's members the generated class would declare again, by C#'s rules: two members of one name
    /// clash unless both are methods (or constructors) with different parameter types (CS0102, CS0111). Pure and
    /// location-free: plain data in, one <see cref="MemberClash"/> per clashing user member out (RNN0025 member, RNN0026
    /// layer field, RNN0028 constructor), located where they are reported.
    /// </summary>
    internal static class MemberClashes
    {
        /// <summary>The clashes, by their name's first place among the generated members, then in the user's order.</summary>
        public static EquatableArray<MemberClash> Find(ModelSpec spec, IReadOnlyList<GeneratedMember> generated, IReadOnlyList<UserMember> user) =>
            Find(spec.Name, spec.Layers, generated, user);

        /// <summary>The clashes with the members of model <paramref name="modelName"/>, whose layer fields hold <paramref name="layers"/>.</summary>
        public static EquatableArray<MemberClash> Find(string modelName, IReadOnlyList<Layers.LayerSpec> layers, IReadOnlyList<GeneratedMember> generated, IReadOnlyList<UserMember> user)
        {
            var clashes = new List<(int Order, MemberClash Clash)>();
            for (int i = 0; i < user.Count; i++)
            {
                var member = user[i];
                int found = IndexOf(generated, g => Clashes(g, member));
                if (found < 0) continue;
                var clash = generated[found];
                int order = IndexOf(generated, g => g.Name == member.Name);
                if (clash.Layer is int layer)
                    clashes.Add((order, MemberClash.Create(DiagnosticDescriptors.LayerFieldName, i, modelName, member.Name, layers[layer].Display)));
                else if (member.IsConstructor)
                    clashes.Add((order, MemberClash.Create(DiagnosticDescriptors.ConstructorClash, i, modelName, member.Display, clash.Declaration)));
                else
                    clashes.Add((order, MemberClash.Create(DiagnosticDescriptors.MemberClash, i, modelName, member.Display, clash.Declaration)));
            }
            return clashes.OrderBy(c => c.Order).ThenBy(c => c.Clash.UserMember).Select(c => c.Clash).ToEquatableArray();
        }

        private static int IndexOf(IReadOnlyList<GeneratedMember> members, System.Func<GeneratedMember, bool> match)
        {
            for (int i = 0; i < members.Count; i++)
            {
                if (match(members[i])) return i;
            }
            return -1;
        }

        private static bool Clashes(GeneratedMember generated, UserMember user) =>
            generated.Name == user.Name
            && (generated.Parameters is not { } ours || user.Parameters is not { } theirs || ours.Equals(theirs));
    }
}
