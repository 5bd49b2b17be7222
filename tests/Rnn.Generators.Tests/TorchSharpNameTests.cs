extern alias attributes;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// Rnn's public type names against the types a user's file sees with <c>using TorchSharp;</c>,
    /// <c>using static TorchSharp.torch;</c> and <c>using static TorchSharp.torch.nn;</c>: a shared name would make
    /// every unqualified use of it ambiguous (CS0104) in a file that also imports Rnn.
    /// </summary>
    public class TorchSharpNameTests
    {
        /// <summary>The assemblies users reference: Rnn.Runtime and Rnn.Attributes.</summary>
        private static readonly Assembly[] Shipped = { typeof(RnnModel).Assembly, typeof(attributes::Rnn.InputAttribute).Assembly };

        [Fact]
        public void NoPublicRnnTypeSharesANameWithTorchSharp()
        {
            var torch = TorchSharpNames();
            var clashes = RnnTypes()
                .SelectMany(t => UsableNames(t).Where(torch.ContainsKey).Select(n => $"{t.FullName} ({n}) clashes with {torch[n]}"))
                .ToList();
            Assert.Empty(clashes);
        }

        [Fact]
        public void TheListsHoldWhatTheyShould()
        {
            // Both sides are read from the assemblies; a wrong filter would make the test above pass vacuously.
            var torch = TorchSharpNames();
            Assert.Equal("TorchSharp.Padding", torch["Padding"]);
            Assert.Equal("TorchSharp.torch.Tensor", torch["Tensor"]);
            Assert.Equal("TorchSharp.torch.nn.Module", torch["Module"]);
            var rnn = RnnTypes().Select(t => t.FullName).ToList();
            Assert.Contains("Rnn.RnnModel", rnn);
            Assert.Contains("Rnn.LstmAttribute", rnn);
            Assert.Contains("Rnn.Data.Vocabulary", rnn);
            Assert.Contains("Rnn.Modules.Lstm", rnn);
            Assert.Contains("Rnn.WindowPadding", rnn);
            Assert.Equal(new[] { "Lstm", "LstmAttribute" }, UsableNames(typeof(attributes::Rnn.LstmAttribute)));
        }

        /// <summary>The public top-level types of the shipped assemblies, in every Rnn namespace.</summary>
        private static IEnumerable<Type> RnnTypes() =>
            Shipped.SelectMany(a => a.GetExportedTypes()).Where(t => !t.IsNested).OrderBy(t => t.FullName, StringComparer.Ordinal);

        /// <summary>The names a type is written with: without generic arity, and without "Attribute" for an attribute.</summary>
        private static string[] UsableNames(Type type)
        {
            string name = WithoutArity(type.Name);
            return typeof(Attribute).IsAssignableFrom(type) && name.EndsWith("Attribute", StringComparison.Ordinal)
                ? new[] { name[..^"Attribute".Length], name }
                : new[] { name };
        }

        /// <summary>
        /// The type names TorchSharp's usings bring into scope, each with the full name of the (first) type: the top-level
        /// types of namespace TorchSharp, and the types nested in the classes <c>torch</c> and <c>torch.nn</c>.
        /// </summary>
        private static Dictionary<string, string> TorchSharpNames()
        {
            var assembly = typeof(TorchSharp.torch).Assembly;
            var types = assembly.GetExportedTypes().Where(t => t.Namespace == "TorchSharp" && !t.IsNested)
                .Concat(typeof(TorchSharp.torch).GetNestedTypes(BindingFlags.Public))
                .Concat(typeof(TorchSharp.torch.nn).GetNestedTypes(BindingFlags.Public));
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var type in types) names.TryAdd(WithoutArity(type.Name), WithoutArity(type.FullName!.Replace('+', '.')));
            return names;
        }

        private static string WithoutArity(string name) => name.Contains('`') ? name[..name.IndexOf('`')] : name;
    }
}
