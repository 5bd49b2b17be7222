using System.Linq;

namespace Rnn.Generators.Model
{
    /// <summary>A containing type to re-open around the model: its name and keyword (<c>class</c>, <c>struct</c>, <c>record</c>, ...).</summary>
    internal sealed record TypeHeader(string Name, string Keyword);

    /// <summary>Where the model type lives: its namespace (empty for the global one) and containing types, outermost first.</summary>
    internal sealed record HierarchyInfo(string Namespace, string TypeName, EquatableArray<TypeHeader> ContainingTypes)
    {
        /// <summary>
        /// <c>{Namespace}.{Type}.g.cs</c>; containing types join with '+' as in reflection names
        /// (<c>{Namespace}.{Outer}+{Type}.g.cs</c>), so namespace A.B and type A.B never collide.
        /// </summary>
        public string HintName
        {
            get
            {
                string types = string.Join("+", ContainingTypes.Select(t => t.Name).Concat(new[] { TypeName }));
                // '@' (a keyword used as a name, e.g. MyCompany.@internal) is not allowed in a hint name.
                return ((Namespace.Length > 0 ? Namespace + "." : string.Empty) + types).Replace("@", string.Empty) + ".g.cs";
            }
        }
    }
}
