using Microsoft.CodeAnalysis;

namespace Rnn.Generators.Model
{
    /// <summary>
    /// A user's member that the generated class would declare again, as a diagnostic without its location: the ID
    /// (RNN0025, RNN0026 or RNN0028), the index of the member in <see cref="ModelDeclaration.UserMembers"/> (its location
    /// is at the same index of <see cref="ModelResult.UserMemberLocations"/>), and the message arguments.
    /// </summary>
    internal sealed record MemberClash(string Id, int UserMember, EquatableArray<string> Arguments)
    {
        public static MemberClash Create(DiagnosticDescriptor descriptor, int userMember, params string[] arguments) =>
            new MemberClash(descriptor.Id, userMember, new EquatableArray<string>(arguments));
    }
}
