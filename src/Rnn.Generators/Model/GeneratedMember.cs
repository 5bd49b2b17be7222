namespace Rnn.Generators.Model
{
    /// <summary>
    /// A member the emitter declares in the model class, as far as a clash with a user's member depends on it: its
    /// name (<c>.ctor</c> for a constructor), its parameter types when it is a method or constructor (null for a field,
    /// property or constant), how it reads in a message, and for a layer field the layer it holds.
    /// </summary>
    /// <param name="Name">The metadata name: <c>Forward</c>, <c>dense_1</c>, <c>.ctor</c>.</param>
    /// <param name="Parameters">The parameter types, fully qualified (<c>global::TorchSharp.torch.Tensor</c>, <c>long?</c>); null for a non-method.</param>
    /// <param name="Declaration">The declaration as a message shows it: <c>public override Tensor Forward(Tensor input)</c>.</param>
    /// <param name="Layer">For a layer field, the layer as messages name it (<c>Dense(10)</c>); otherwise null.</param>
    internal sealed record GeneratedMember(string Name, EquatableArray<string>? Parameters, string Declaration, string? Layer);
}
