namespace Rnn.Generators.Model
{
    /// <summary>A field of the generated class that holds one layer: its name and the layer as messages name it.</summary>
    /// <param name="Name">The field's name, the layer's Keras name (<see cref="Shapes.LayerNames"/>): <c>dense_1</c>.</param>
    /// <param name="Layer">The layer as messages name it: <c>Dense(10)</c>.</param>
    internal sealed record LayerField(string Name, string Layer);
}
