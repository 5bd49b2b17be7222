using System.Linq;

namespace Rnn.Generators.Model
{
    /// <summary>Where one argument of an attribute is written: the constructor parameter or property it sets, and its span.</summary>
    internal sealed record ArgumentLocation(string Name, LocationInfo Location);

    /// <summary>Where an attribute and each argument written in it are, for diagnostics.</summary>
    /// <param name="Attribute">The whole attribute.</param>
    /// <param name="Arguments">The written arguments, by the constructor parameter (<c>units</c>) or property (<c>ReturnSequences</c>) they set.</param>
    internal sealed record AttributeLocation(LocationInfo? Attribute, EquatableArray<ArgumentLocation> Arguments)
    {
        /// <summary>The argument written for <paramref name="name"/>, or null when it was left to its default.</summary>
        public LocationInfo? Argument(string? name) =>
            name is null ? null : Arguments.FirstOrDefault(a => a.Name == name)?.Location;

        /// <summary>The argument written for <paramref name="name"/>, else the whole attribute.</summary>
        public LocationInfo? ArgumentOrAttribute(string? name) => Argument(name) ?? Attribute;
    }
}
