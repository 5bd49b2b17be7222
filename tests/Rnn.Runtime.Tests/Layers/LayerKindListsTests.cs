using System;
using System.Collections.Generic;
using System.Linq;
using Rnn.Runtime.Tests.Onnx;
using Xunit;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>
    /// Some tests keep their own lists of layer kinds, because each kind is built its own way there: the layer module
    /// cases of <see cref="LayerKindsTests"/> and the random models of the ONNX parity test. A registered kind missing
    /// from any of them fails here, with the list named. The generator tests check their own lists the same way
    /// (tests/Rnn.Generators.Tests/LayerKindListsTests.cs).
    /// </summary>
    public class LayerKindListsTests
    {
        /// <summary>
        /// Every layer kind: one per layer attribute of Rnn.Attributes, named as the attribute without its suffix
        /// (<c>SimpleRnn</c>) and as its module in Rnn.Modules. The generator's LayerRegistry lists exactly these
        /// attributes (tests/Rnn.Generators.Tests/LayerRegistryTests.cs), so this is the registry as the runtime sees it.
        /// [Seq2Seq] declares a model kind, not a layer.
        /// </summary>
        public static IReadOnlyList<string> RegisteredKinds { get; } = typeof(InputAttribute).Assembly.GetExportedTypes()
            .Where(t => typeof(Attribute).IsAssignableFrom(t) && !t.IsAbstract && t != typeof(InputAttribute) && t != typeof(Seq2SeqAttribute))
            .Select(t => t.Name.Substring(0, t.Name.Length - "Attribute".Length))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();

        [Fact]
        public void The_layer_module_cases_hold_every_kind() =>
            AssertHoldsEveryKind("LayerKindsTests.Kinds", LayerKindsTests.Kinds().Select(row => (string)row[0]));

        [Fact]
        public void Random_models_draw_every_kind()
        {
            var random = new Random(20261127);
            var drawn = new List<string>();
            for (int i = 0; i < 120; i++)
            {
                using var model = RandomModel.Next(random, i).Model;
                drawn.AddRange(model.LayerModules.Select(l => l.GetType().Name));
            }
            AssertHoldsEveryKind("Onnx/RandomModel.Next", drawn);
        }

        private static void AssertHoldsEveryKind(string list, IEnumerable<string> kinds)
        {
            Assert.NotEmpty(RegisteredKinds);
            var missing = RegisteredKinds.Except(kinds, StringComparer.Ordinal).ToList();
            Assert.True(missing.Count == 0, list + " lacks the registered kind(s) " + string.Join(", ", missing) + ": add them there.");
        }
    }
}
