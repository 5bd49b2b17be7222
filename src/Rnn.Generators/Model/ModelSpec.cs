using System;

namespace Rnn.Generators.Model
{
    /// <summary>The kinds of layer the attributes declare.</summary>
    internal enum LayerKind
    {
        SimpleRnn,
        Lstm,
        Gru,
        Dense,
    }

    /// <summary>The declared input, [None, <see cref="Timesteps"/>, <see cref="Features"/>].</summary>
    internal sealed record InputSpec(int Timesteps, int Features);

    /// <summary>One layer attribute, as declared.</summary>
    internal sealed record LayerSpec(LayerKind Kind, int Units, Activation Activation, bool ReturnSequences)
    {
        /// <summary>True for SimpleRnn, Lstm and Gru.</summary>
        public bool IsRecurrent => Kind != LayerKind.Dense;

        /// <summary>How messages name the layer, e.g. <c>SimpleRnn(64)</c>.</summary>
        public string Display => Kind + "(" + Units.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
    }

    /// <summary>A model as declared: its name, input and layers in source order. Pure data, no Roslyn types.</summary>
    internal sealed record ModelSpec(string Name, InputSpec Input, EquatableArray<LayerSpec> Layers);
}
