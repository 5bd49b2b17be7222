namespace Rnn.Generators.Model
{
    /// <summary>
    /// A member the generated class declares: what it is, and as far as a clash with a user's member depends on it, its
    /// name (<c>.ctor</c> for a constructor), its parameter types when it is a method or constructor (null for a field,
    /// property or constant), and how it reads in a message.
    /// </summary>
    /// <param name="Kind">What the member is; the emitter writes each kind with its own method.</param>
    /// <param name="Name">The metadata name: <c>Forward</c>, <c>dense_1</c>, <c>.ctor</c>.</param>
    /// <param name="Parameters">
    /// The parameter types, fully qualified (<c>global::TorchSharp.torch.Tensor</c>, <c>long?</c>); null for a non-method,
    /// or for a method that clashes with any member of its name.
    /// </param>
    /// <param name="Declaration">The declaration as a message shows it: <c>public override Tensor Forward(Tensor input)</c>.</param>
    /// <param name="Layer">For a layer field, the index of the layer it holds in the spec; otherwise null.</param>
    internal sealed record GeneratedMember(MemberKind Kind, string Name, EquatableArray<string>? Parameters, string Declaration, int? Layer);
}
