namespace Rnn.Generators.Model
{
    /// <summary>
    /// A member the user declared in the model class under a name the generated class may use, read by the parser
    /// into plain data: its name, its parameter types when it is a method or constructor (null otherwise), and how a
    /// message names it. Where it is declared is kept apart (<see cref="ModelResult.UserMemberLocations"/>), so that
    /// moving it leaves the model's analysis cached.
    /// </summary>
    /// <param name="Name">The metadata name (<c>.ctor</c> for a constructor).</param>
    /// <param name="Parameters">
    /// The parameter types in the format of <see cref="GeneratedMember.Parameters"/> (<c>ref </c> before a by-reference
    /// one; a generic method starts with its arity, <c>`1</c>, so it never equals a non-generic signature); null for a
    /// field, property, event or nested type.
    /// </param>
    /// <param name="Display">How a message names it: <c>Forward(Tensor)</c>, <c>M()</c>, <c>InputShape</c>.</param>
    internal sealed record UserMember(string Name, EquatableArray<string>? Parameters, string Display)
    {
        /// <summary>The metadata name of instance constructors.</summary>
        public const string ConstructorName = ".ctor";

        public bool IsConstructor => Name == ConstructorName;
    }
}
