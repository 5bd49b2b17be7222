using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Rnn.Modules;
using Rnn.Runtime.Tests.Onnx;
using Xunit;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>
    /// Some tests keep their own lists of layer kinds, because each kind is built its own way there: the layer module
    /// cases of <see cref="LayerKindsTests"/> and the random models of the ONNX parity test (every kind that can export).
    /// A registered kind missing from any of them fails here, with the list named. The generator tests check their own
    /// lists the same way (tests/Rnn.Generators.Tests/LayerKindListsTests.cs).
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

        /// <summary>
        /// The kinds whose module adds itself to an ONNX graph (it or a base of its own overrides <c>Layer.ExportOnnx</c>);
        /// the others cannot export.
        /// </summary>
        public static IReadOnlyList<string> ExportableKinds { get; } = RegisteredKinds
            .Where(kind => typeof(Layer).Assembly.GetType("Rnn.Modules." + kind) is { } module
                && module.GetMethod("ExportOnnx", BindingFlags.Instance | BindingFlags.NonPublic)?.DeclaringType != typeof(Layer))
            .ToArray();

        [Fact]
        public void The_layer_module_cases_hold_every_kind() =>
            AssertHoldsEveryKind("LayerKindsTests.Kinds", LayerKindsTests.Kinds().Select(row => (string)row[0]));

        /// <summary>
        /// Every kind has an ONNX export (attention since issue 17 §6). A new kind without an export fails here until it
        /// is named in README's export section and listed here, so none leaves the parity test silently.
        /// </summary>
        [Fact]
        public void Every_kind_can_export() =>
            Assert.Empty(RegisteredKinds.Except(ExportableKinds));

        [Fact]
        public void Random_models_draw_every_kind_that_exports()
        {
            var random = new Random(20261127);
            var drawn = new List<string>();
            for (int i = 0; i < 120; i++)
            {
                using var model = RandomModel.Next(random, i).Model;
                drawn.AddRange(model.LayerModules.Select(l => l.GetType().Name));
            }
            AssertHoldsEveryKind("Onnx/RandomModel.Next", drawn, ExportableKinds);
        }

        private static void AssertHoldsEveryKind(string list, IEnumerable<string> kinds) => AssertHoldsEveryKind(list, kinds, RegisteredKinds);

        private static void AssertHoldsEveryKind(string list, IEnumerable<string> kinds, IReadOnlyList<string> required)
        {
            Assert.NotEmpty(required);
            var missing = required.Except(kinds, StringComparer.Ordinal).ToList();
            Assert.True(missing.Count == 0, list + " lacks the registered kind(s) " + string.Join(", ", missing) + ": add them there.");
        }
    }
}
