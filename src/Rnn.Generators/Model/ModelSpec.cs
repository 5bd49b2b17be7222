using System.Globalization;
using Rnn.Generators.Layers;

namespace Rnn.Generators.Model
{
    /// <summary>
    /// The declared input: <c>[Input(timesteps, features)]</c>, float sequences [None, timesteps, features]; without
    /// <see cref="Features"/>, int64 token ids [None, timesteps].
    /// </summary>
    internal sealed record InputSpec(int Timesteps, int? Features)
    {
        /// <summary>How messages name it: <c>Input(28, 28)</c>.</summary>
        public string Display => "Input(" + Timesteps.ToString(CultureInfo.InvariantCulture)
            + (Features is int f ? ", " + f.ToString(CultureInfo.InvariantCulture) : string.Empty) + ")";
    }

    /// <summary>A model as declared: its name, input and layers in source order. Pure data, no Roslyn types.</summary>
    internal sealed record ModelSpec(string Name, InputSpec Input, EquatableArray<LayerSpec> Layers);
}
