using Rnn.Generators.Model;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// What a layer's shape rule (<see cref="LayerSpec.Infer"/>) finds: the output shape, the trainable parameter count
    /// (decimal: it may not fit in a long) and what the layer does with the mask.
    /// </summary>
    internal readonly struct ShapeRuleResult
    {
        public ShapeRuleResult(TensorShape shape, decimal parameters, MaskFlow mask)
        {
            Shape = shape;
            Parameters = parameters;
            Mask = mask;
        }

        public TensorShape Shape { get; }

        public decimal Parameters { get; }

        public MaskFlow Mask { get; }
    }
}
