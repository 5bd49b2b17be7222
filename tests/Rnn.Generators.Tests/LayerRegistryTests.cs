extern alias attributes;

using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Rnn.Generators.Layers;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>The registry is the one list of layer kinds: every layer attribute is in it, once, and resolves.</summary>
    public class LayerRegistryTests
    {
        [Fact]
        public void EveryAttributeButInputAndSeq2SeqIsARegisteredLayerKind()
        {
            // [Seq2Seq] declares a model kind, not a layer; it has its own pipeline (RnnGenerator.Seq2Seq.cs).
            var attributeTypes = typeof(attributes::Rnn.InputAttribute).Assembly.GetExportedTypes()
                .Where(t => typeof(Attribute).IsAssignableFrom(t) && !t.IsAbstract && t != typeof(attributes::Rnn.InputAttribute)
                    && t != typeof(attributes::Rnn.Seq2SeqAttribute))
                .Select(t => t.FullName!)
                .OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(attributeTypes, LayerRegistry.All.Select(d => d.AttributeMetadataName).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public void EveryRegisteredAttributeResolvesToItsDescriptor()
        {
            var compilation = GeneratorHarness.CreateCompilation("");
            var symbols = RnnSymbols.For(compilation);
            foreach (var descriptor in LayerRegistry.All)
            {
                var attribute = compilation.GetTypeByMetadataName(descriptor.AttributeMetadataName);
                Assert.NotNull(attribute);
                Assert.Same(descriptor, symbols.Layer(attribute));
                Assert.False(symbols.IsUnregistered(attribute));
            }
            Assert.True(symbols.IsInput(compilation.GetTypeByMetadataName(RnnNames.InputAttribute)));
        }

        [Fact]
        public void AnRnnAttributeMissingFromTheRegistryIsRecognisedAsSuch()
        {
            // Rnn.Attributes' own abstract bases are not kinds; any concrete attribute there would be.
            var compilation = GeneratorHarness.CreateCompilation("");
            var symbols = RnnSymbols.For(compilation);
            Assert.False(symbols.IsUnregistered(compilation.GetTypeByMetadataName("Rnn.LayerAttribute")));
            Assert.False(symbols.IsUnregistered(compilation.GetTypeByMetadataName("System.ObsoleteAttribute")));
            Assert.False(symbols.IsUnregistered(compilation.GetTypeByMetadataName(RnnNames.Seq2SeqAttribute)));
            Assert.True(symbols.IsSeq2Seq(compilation.GetTypeByMetadataName(RnnNames.Seq2SeqAttribute)));
        }
    }
}
