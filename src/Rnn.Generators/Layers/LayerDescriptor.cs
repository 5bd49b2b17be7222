using System;

namespace Rnn.Generators.Layers
{
    /// <summary>
    /// A layer kind as the registry knows it: the attribute that declares it and how to decode that attribute into a
    /// <see cref="LayerSpec"/> (null when an argument has the wrong type; the compiler reports that).
    /// </summary>
    internal sealed class LayerDescriptor
    {
        public LayerDescriptor(string attributeMetadataName, Func<AttributeArguments, LayerSpec?> decode)
        {
            AttributeMetadataName = attributeMetadataName;
            Decode = decode;
        }

        /// <summary>The attribute's metadata name, e.g. <c>Rnn.SimpleRnnAttribute</c>.</summary>
        public string AttributeMetadataName { get; }

        /// <summary>Reads the attribute's arguments into the layer's configuration.</summary>
        public Func<AttributeArguments, LayerSpec?> Decode { get; }
    }
}
