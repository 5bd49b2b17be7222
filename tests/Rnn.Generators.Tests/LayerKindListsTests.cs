using System;
using System.Collections.Generic;
using System.Linq;
using Rnn.Generators.Layers;
using Rnn.Generators.Tests.Oracle;
using TorchSharp;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// Some tests keep their own lists of layer kinds, because each kind is built or written its own way there: the
    /// random stacks of the oracle and the fuzzer, the fuzzer's attribute names, and one layer of each kind for the shape
    /// rules. A kind added to <see cref="LayerRegistry"/> and missing from any of them fails here, with the list named.
    /// The runtime tests' lists are checked the same way there (tests/Rnn.Runtime.Tests/Layers/LayerKindListsTests.cs).
    /// </summary>
    [Collection(OracleCollection.Name)]
    public class LayerKindListsTests
    {
        /// <summary><c>SimpleRnn</c> for <c>Rnn.SimpleRnnAttribute</c>: the attribute's, the layer module's and the kind's name.</summary>
        public static IReadOnlyList<string> RegisteredKinds { get; } = LayerRegistry.All
            .Select(d => d.AttributeMetadataName.Substring("Rnn.".Length, d.AttributeMetadataName.Length - "Rnn.".Length - "Attribute".Length))
            .ToArray();

        [Fact]
        public void RandomStacksDrawEveryKind()
        {
            // The oracle's and the fuzzer's valid models (FuzzTests.ValidModel) are these stacks.
            var random = new Random(20250611);
            var drawn = Enumerable.Range(0, 2000).SelectMany(i => RandomStack.Next(random, i).Layers).Select(l => l.ModuleName);
            AssertHoldsEveryKind("Oracle/RandomStack.Next", drawn);
        }

        [Fact]
        public void TheFuzzerWritesEveryKind() => AssertHoldsEveryKind("FuzzTests.AttributeNames", FuzzTests.AttributeNames);

        [Fact]
        public void TheShapeRulesAreTestedOnEveryKind() =>
            AssertHoldsEveryKind("LayerShapeTests.OneOfEachKind", LayerShapeTests.OneOfEachKind.Select(c => c.Layer.ModuleName));

        [Fact]
        public void EveryKindHasARuntimeModule()
        {
            var runtime = typeof(Rnn.Modules.Layer).Assembly;
            AssertHoldsEveryKind("Rnn.Modules", RegisteredKinds.Where(k => runtime.GetType("Rnn.Modules." + k) is { } t && t.IsSubclassOf(typeof(Rnn.Modules.Layer))));
        }

        /// <summary>The oracle builds every kind (its switch fails on a kind it does not know), and the real module agrees with the hand-worked figures.</summary>
        [Fact]
        public void TheOracleRunsEveryKindAsTheShapeRulesSay()
        {
            NativeSetup.EnsureLoaded();
            using var generator = new torch.Generator(20250611);
            foreach (var (layer, features, output, parameters) in LayerShapeTests.OneOfEachKind)
            {
                var verdict = TorchOracle.Run(new RandomStack(0, 5, features, new[] { layer }), generator);
                Assert.True(verdict.IsValid, layer.Display + ": " + verdict.Reason);
                Assert.Equal(output.Select(d => (long)d), verdict.Layers[0].Output);
                Assert.Equal(parameters, verdict.Layers[0].ParameterCount);
            }
        }

        private static void AssertHoldsEveryKind(string list, IEnumerable<string> kinds)
        {
            var missing = RegisteredKinds.Except(kinds, StringComparer.Ordinal).ToList();
            Assert.True(missing.Count == 0, list + " lacks the registered kind(s) " + string.Join(", ", missing) + ": add them there.");
        }
    }
}
