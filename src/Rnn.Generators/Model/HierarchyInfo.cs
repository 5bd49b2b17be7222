using System.Linq;

namespace Rnn.Generators.Model
{
    /// <summary>A containing type to re-open around the model: its name and keyword (<c>class</c>, <c>struct</c>, <c>record</c>, ...).</summary>
    internal sealed record TypeHeader(string Name, string Keyword);

    /// <summary>Where the model type lives: its namespace (empty for the global one) and containing types, outermost first.</summary>
    internal sealed record HierarchyInfo(string Namespace, string TypeName, EquatableArray<TypeHeader> ContainingTypes)
    {
        /// <summary><c>{Namespace}.{Outer}.{Type}.g.cs</c>, without the empty global namespace.</summary>
        public string HintName
        {
            get
            {
                var parts = ContainingTypes.Select(t => t.Name).Concat(new[] { TypeName });
                if (Namespace.Length > 0) parts = new[] { Namespace }.Concat(parts);
                return string.Join(".", parts) + ".g.cs";
            }
        }
    }
}
